"""The district education union: its schools side by side, annual returns, data calls and
assessment.
"""
