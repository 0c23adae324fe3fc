"""Mentoring (师徒结对): contracts pairing a mentor with mentees, their logs, and each term's
assessment.
"""
