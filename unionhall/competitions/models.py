"""Competitions (竞赛、比武、评比): entries, scores, places and prizes under the prize
rules; winners go into the honours register.
"""
