"""Polls: elections, congress votes, evaluations, satisfaction surveys and selections with public
notice.
"""
