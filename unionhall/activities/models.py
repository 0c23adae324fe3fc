"""Activities and clubs: what the union organises, who signs up, who came (场次, 人次), and what it
cost.
"""
