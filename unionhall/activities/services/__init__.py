"""Writes of activities, sign-ups, attendance, costs and clubs, one module each. Each write is
atomic. The names are gathered here because views, the demo and the tests call them as
`services.activity_create` and the like."""

from unionhall.activities.services.activities import (
    ACTIVITY_FIELDS,
    DEFAULT_KINDS,
    MAX_ONE_OFF_DAYS,
    activity_cancel,
    activity_create,
    activity_kinds_seed,
    activity_update,
    may_organise,
    session_add,
)
from unionhall.activities.services.checkin import (
    CHECKIN_SALT,
    CheckinRefused,
    attendance_all_present,
    attendance_from_paper,
    attendance_import,
    attendance_tick,
    checkin,
    checkin_session,
    checkin_token,
    names_absent,
)
from unionhall.activities.services.clubs import (
    CLUB_FIELDS,
    club_create,
    club_member_add,
    club_member_leave,
    club_subsidy_pay,
    club_update,
)
from unionhall.activities.services.costs import COST_KINDS, activity_cost_post
from unionhall.activities.services.signups import signup_create, signup_withdraw

__all__ = [
    "ACTIVITY_FIELDS",
    "CHECKIN_SALT",
    "CLUB_FIELDS",
    "COST_KINDS",
    "DEFAULT_KINDS",
    "MAX_ONE_OFF_DAYS",
    "CheckinRefused",
    "activity_cancel",
    "activity_cost_post",
    "activity_create",
    "activity_kinds_seed",
    "activity_update",
    "attendance_all_present",
    "attendance_from_paper",
    "attendance_import",
    "attendance_tick",
    "checkin",
    "checkin_session",
    "checkin_token",
    "club_create",
    "club_member_add",
    "club_member_leave",
    "club_subsidy_pay",
    "club_update",
    "may_organise",
    "names_absent",
    "session_add",
    "signup_create",
    "signup_withdraw",
]
