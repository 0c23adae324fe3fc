"""Writes of sign-ups to an activity: signing up with the activity's questions answered, and
withdrawing."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.activities.models import Activity, SignUp
from unionhall.activities.selectors import member_in_target
from unionhall.activities.services.activities import _refuse_if_cancelled
from unionhall.core.backdate import stated_time
from unionhall.core.i18n import Msg
from unionhall.members.models import Member
from unionhall.notices.models import Notice
from unionhall.notices.services import notice_send_on_commit
from unionhall.orgs.models import User

# Sign-up --------------------------------------------------------------------------------------


def _check_answers(activity: Activity, answers: dict | None) -> dict:
    answers = dict(answers or {})
    checked = {}
    for field in activity.signup_fields or []:
        value = str(answers.get(field["name"], "") or "").strip()
        if not value and field.get("required"):
            raise ValidationError({field["name"]: _("Answer “%(label)s”.") % field})
        if value and field.get("choices") and value not in field["choices"]:
            raise ValidationError(
                {
                    field["name"]: _("“%(value)s” is not one of the choices for “%(label)s”.")
                    % {"value": value, "label": field["label"]}
                }
            )
        if value:
            checked[field["name"]] = value[:100]
    return checked


@transaction.atomic
def signup_create(
    *,
    activity: Activity,
    member: Member,
    actor,
    answers: dict | None = None,
    signed_up_at: dt.datetime | None = None,
) -> SignUp:
    """Sign a member up: a place while there is one, else the waiting list. Refused outside the
    sign-up window, for a member outside the target group, or twice.

    `signed_up_at`: a paper sign-up sheet typed in later, the moment it was signed
    (`core.backdate`); the window is judged at that moment. None: now."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk, org=activity.org)
    now = stated_time(signed_up_at, field="signed_up_at")
    if not activity.signup_required:
        raise ValidationError(_("This activity takes no sign-up: just come."))
    if activity.cancelled_at:
        raise ValidationError(_("This activity was cancelled."))
    if activity.signup_opens_at and now < activity.signup_opens_at:
        raise ValidationError(
            _("Sign-up opens at %(when)s.")
            % {"when": timezone.localtime(activity.signup_opens_at).strftime("%Y-%m-%d %H:%M")}
        )
    closes = activity.signup_closes_at
    if (closes and now > closes) or timezone.localdate(now) > activity.ends_on:
        when = closes or activity.ends_on
        shown = (
            timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
            if isinstance(when, dt.datetime)
            else when.isoformat()
        )
        raise ValidationError(_("Sign-up closed at %(when)s.") % {"when": shown})
    if member.org_id != activity.org_id:
        raise ValidationError(_("This member is not on this organisation's register."))
    if not member_in_target(activity, member):
        raise ValidationError(
            _("This activity is for %(group)s; %(name)s is not one of them.")
            % {"group": activity.get_target_display(), "name": member.name}
        )
    if (
        SignUp.objects.filter(activity=activity, member=member)
        .exclude(status=SignUp.Status.WITHDRAWN)
        .exists()
    ):
        raise ValidationError(_("%(name)s has signed up already.") % {"name": member.name})
    checked = _check_answers(activity, answers)
    taken = SignUp.objects.filter(activity=activity, status=SignUp.Status.SIGNED_UP).count()
    full = activity.capacity is not None and taken >= activity.capacity
    signup = SignUp.objects.create(
        org_id=activity.org_id,
        activity=activity,
        member=member,
        status=SignUp.Status.WAITING if full else SignUp.Status.SIGNED_UP,
        answers=checked,
        signed_up_at=now,
        entered_by=actor,
    )
    return signup


@transaction.atomic
def signup_withdraw(*, signup: SignUp, actor) -> SignUp | None:
    """Withdraw a sign-up (kept, marked withdrawn). A place it frees goes to the first on the
    waiting list, who is returned (None when nobody moved up). The sign-ups of a cancelled
    activity stay as they were when it was called off (nobody moves up to a place in it)."""
    activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
    _refuse_if_cancelled(activity)
    signup = SignUp.objects.select_for_update().get(pk=signup.pk, org_id=activity.org_id)
    if signup.status == SignUp.Status.WITHDRAWN:
        raise ValidationError(_("This sign-up was withdrawn already."))
    freed = signup.status == SignUp.Status.SIGNED_UP
    signup.status = SignUp.Status.WITHDRAWN
    signup.withdrawn_at = timezone.now()
    signup.save(update_fields=["status", "withdrawn_at"])
    if not freed:
        return None
    taken = SignUp.objects.filter(activity=activity, status=SignUp.Status.SIGNED_UP).count()
    if activity.capacity is not None and taken >= activity.capacity:
        return None
    first = (
        SignUp.objects.select_for_update()
        .filter(activity=activity, status=SignUp.Status.WAITING)
        .order_by("signed_up_at", "id")
        .first()
    )
    if first is None:
        return None
    first.status = SignUp.Status.SIGNED_UP
    first.promoted_at = timezone.now()
    first.save(update_fields=["status", "promoted_at"])
    _announce_place(activity, first)
    return first


def _announce_place(activity: Activity, signup: SignUp) -> None:
    """The member moved up from the waiting list hears it from the bell (once the change
    commits), with the way to the activity."""
    user_id = Member.objects.filter(pk=signup.member_id).values_list("user_id", flat=True).first()
    if user_id is None:
        return
    notice_send_on_commit(
        org=activity.org,
        user=User(pk=user_id),
        kind=Notice.Kind.INFO,
        title=Msg(
            gettext_noop("A place in “%(title)s” freed up: you are signed up now."),
            title=activity.title,
        ),
        url=reverse("activities:detail", kwargs={"org": activity.org.code, "pk": activity.pk}),
        key=f"activity-place-{signup.pk}",
    )
