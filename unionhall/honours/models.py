"""The honours register (荣誉): every honour and prize of members and collectives, by
level and rank.
"""
