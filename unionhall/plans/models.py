"""The annual plan (工作计划), its tasks ticked by records, the mid-year check and next
year's draft.
"""
