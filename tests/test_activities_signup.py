"""Sign-up: places while there are some, then the waiting list; withdrawal gives the first on
the waiting list the place; the window and the target group are kept."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.clock import morning_of
from tests.factories import MemberFactory
from tests.factories_activities import activity, culture_of
from unionhall.activities import services
from unionhall.activities.models import SignUp, Target

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.time_machine(morning_of(dt.date(2025, 10, 1)), tick=False),
]


def _trip(school, **fields):
    fields.setdefault("capacity", 2)
    return activity(
        school,
        code="outing",
        title="春游",
        starts_on=dt.date(2025, 10, 20),
        signup_required=True,
        **fields,
    )


def test_it_gives_places_then_the_waiting_list(school):
    trip = _trip(school)
    actor = culture_of(school)
    first, second, third = (MemberFactory(org=school) for _ in range(3))
    statuses = [
        services.signup_create(activity=trip, member=m, actor=actor).status
        for m in (first, second, third)
    ]
    assert statuses == [SignUp.Status.SIGNED_UP, SignUp.Status.SIGNED_UP, SignUp.Status.WAITING]


def test_a_withdrawal_gives_the_place_to_the_first_waiting(school):
    trip = _trip(school, capacity=1)
    actor = culture_of(school)
    members = [MemberFactory(org=school) for _ in range(3)]
    signups = [services.signup_create(activity=trip, member=m, actor=actor) for m in members]
    promoted = services.signup_withdraw(signup=signups[0], actor=actor)
    assert promoted.member == members[1]
    signups[0].refresh_from_db()
    assert signups[0].status == SignUp.Status.WITHDRAWN  # kept, not deleted
    assert SignUp.objects.get(pk=signups[2].pk).status == SignUp.Status.WAITING


def test_a_waiting_withdrawal_moves_nobody(school):
    trip = _trip(school, capacity=1)
    actor = culture_of(school)
    signups = [
        services.signup_create(activity=trip, member=MemberFactory(org=school), actor=actor)
        for _ in range(2)
    ]
    assert services.signup_withdraw(signup=signups[1], actor=actor) is None
    assert SignUp.objects.get(pk=signups[0].pk).status == SignUp.Status.SIGNED_UP


def test_it_refuses_a_second_sign_up_but_allows_one_after_withdrawal(school):
    trip = _trip(school)
    actor = culture_of(school)
    member = MemberFactory(org=school)
    signup = services.signup_create(activity=trip, member=member, actor=actor)
    with pytest.raises(ValidationError, match="signed up already"):
        services.signup_create(activity=trip, member=member, actor=actor)
    services.signup_withdraw(signup=signup, actor=actor)
    again = services.signup_create(activity=trip, member=member, actor=actor)
    assert again.status == SignUp.Status.SIGNED_UP


def test_it_refuses_outside_the_window(school, time_machine):
    trip = _trip(
        school,
        signup_opens_at=morning_of(dt.date(2025, 10, 5)),
        signup_closes_at=morning_of(dt.date(2025, 10, 10)),
    )
    member = MemberFactory(org=school)
    with pytest.raises(ValidationError, match="Sign-up opens at 2025-10-05 10:00"):
        services.signup_create(activity=trip, member=member, actor=culture_of(school))
    time_machine.move_to(morning_of(dt.date(2025, 10, 11)), tick=False)
    with pytest.raises(ValidationError, match="Sign-up closed at 2025-10-10 10:00"):
        services.signup_create(activity=trip, member=member, actor=culture_of(school))


def test_it_refuses_a_member_outside_the_target_group(school):
    trip = _trip(school, target=Target.WOMEN)
    man = MemberFactory(org=school, gender="M")
    with pytest.raises(ValidationError, match="for Women staff"):
        services.signup_create(activity=trip, member=man, actor=culture_of(school))


def test_it_checks_the_answers_to_its_questions(school):
    trip = _trip(
        school,
        signup_fields=[{"name": "size", "label": "Shirt size", "choices": ["S", "M", "L"]}],
    )
    member = MemberFactory(org=school)
    actor = culture_of(school)
    with pytest.raises(ValidationError, match="Answer “Shirt size”"):
        services.signup_create(activity=trip, member=member, actor=actor)
    with pytest.raises(ValidationError, match="“XXL” is not one of the choices"):
        services.signup_create(activity=trip, member=member, actor=actor, answers={"size": "XXL"})
    signup = services.signup_create(
        activity=trip, member=member, actor=actor, answers={"size": "M"}
    )
    assert signup.answers == {"size": "M"}


def test_an_organiser_must_hold_the_culture_or_women_role(school):
    from tests.personas import treasurer_of

    with pytest.raises(ValidationError) as refused:
        activity(school, organiser=treasurer_of(school))
    assert "organiser" in refused.value.message_dict


def test_a_one_off_activity_has_a_session_a_day(school):
    trip = activity(school, starts_on=dt.date(2025, 10, 20), ends_on=dt.date(2025, 10, 21))
    assert [s.date for s in trip.sessions.all()] == [dt.date(2025, 10, 20), dt.date(2025, 10, 21)]
