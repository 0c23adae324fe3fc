"""Care pages as the welfare officer and the chair use them, and as outsiders cannot."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.factories import MemberFactory
from tests.factories_care import load_rules, record
from tests.personas import chair_of, member_of, welfare_of
from unionhall.care.models import CarePhoto, CareRule, CareVisit
from unionhall.funds.models import LedgerEntry

pytestmark = pytest.mark.usefixtures("english")

TODAY = timezone.localdate()


def _png(name="p.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _post(client, school, **data):
    payload = {
        "kind": "hardship",
        "date": TODAY.isoformat(),
        "amount": "800",
        "is_cash": "on",
        "goods": "",
        "visitors_text": "工会主席、分管校长",
    }
    payload.update(data)
    return client.post(f"/o/{school.code}/care/new/", payload)


def test_the_welfare_officer_records_a_visit_with_photos(client, school):
    load_rules(school)
    officer = welfare_of(school)
    member = MemberFactory(org=school)
    client.force_login(officer)
    response = _post(
        client, school, members=[member.pk], signed_for="on", photos=[_png(), _png("b.png")]
    )
    visit = CareVisit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/o/{school.code}/care/{visit.pk}/"
    assert visit.signed_for
    assert CarePhoto.objects.filter(visit=visit).count() == 2
    assert LedgerEntry.objects.get().amount == Decimal("-800.00")
    page = client.get(response["Location"]).content.decode()
    assert member.name in page
    assert "工会主席" in page


def test_a_visit_over_the_cap_is_refused_with_the_rule_named(client, school):
    load_rules(school)
    client.force_login(welfare_of(school))
    member = MemberFactory(org=school)
    response = _post(client, school, members=[member.pk], amount="2500")
    page = response.content.decode()
    assert response.status_code == 200
    assert "cap 2000.00 per visit" in page
    assert "override_reason" not in page
    assert not CareVisit.objects.exists()


def test_the_chair_overrides_in_the_form(client, school):
    load_rules(school)
    client.force_login(chair_of(school))
    member = MemberFactory(org=school)
    response = _post(client, school, members=[member.pk], amount="2500")
    assert "override_reason" in response.content.decode()
    response = _post(
        client, school, members=[member.pk], amount="2500", override_reason="重病，委员会决定"
    )
    assert response.status_code == 302
    assert CareVisit.objects.get().override_reason == "重病，委员会决定"
    page = client.get(f"/o/{school.code}/care/overrides/").content.decode()
    assert "重病，委员会决定" in page and "cap 2000.00 per visit" in page


def test_bad_amount_in_the_form_is_refused(client, school):
    client.force_login(welfare_of(school))
    member = MemberFactory(org=school)
    response = _post(client, school, members=[member.pk], amount="12.345")
    assert "more than two decimal places" in response.content.decode()
    response = _post(client, school, members=[member.pk], amount="-5")
    assert "more than zero" in response.content.decode()
    assert not CareVisit.objects.exists()


def test_another_schools_visit_is_not_found_and_unchanged(client, school, other_school):
    theirs, _w = record(other_school, welfare_of(other_school), kind="illness", illness="骨折")
    client.force_login(chair_of(school))
    base = f"/o/{school.code}/care/{theirs.pk}"
    assert client.get(f"{base}/").status_code == 404
    assert client.post(f"{base}/cancel/", {"reason": "x"}).status_code == 404
    assert client.post(f"{base}/discharge/", {"discharged_on": TODAY}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.cancelled_at is None and theirs.discharged_on is None


def test_another_schools_member_cannot_be_chosen(client, school, other_school):
    stranger = MemberFactory(org=other_school)
    client.force_login(chair_of(school))
    response = _post(client, school, members=[stranger.pk])
    assert response.status_code == 200
    assert not CareVisit.objects.exists()


def test_outsiders_get_404_and_members_403(client, school, other_school):
    client.force_login(chair_of(other_school))
    assert client.get(f"/o/{school.code}/care/").status_code == 404
    client.force_login(member_of(school))
    for url in ("care/", "care/new/", "care/reminders/", "care/rules/", "care/overrides/", "dues/"):
        assert client.get(f"/o/{school.code}/{url}").status_code == 403


def test_the_visit_list_runs_a_fixed_number_of_queries(client, school, django_assert_num_queries):
    officer = welfare_of(school)
    for _ in range(5):
        record(school, officer, MemberFactory.create_batch(3, org=school))
    client.force_login(officer)
    # session, user, roles, unread notices, the total, the visits with their number of
    # recipients, the first three recipients of each with their members
    with django_assert_num_queries(7):
        response = client.get(f"/o/{school.code}/care/")
    assert response.content.decode().count("/care/") > 5
    for _ in range(5):
        record(school, officer, MemberFactory.create_batch(2, org=school))
    with django_assert_num_queries(7):
        client.get(f"/o/{school.code}/care/")


def test_a_visit_recorded_shows_in_the_list_at_once(client, school):
    officer = welfare_of(school)
    client.force_login(officer)
    assert "周新" not in client.get(f"/o/{school.code}/care/").content.decode()
    record(school, officer, [MemberFactory(org=school, name="周新")])
    assert "周新" in client.get(f"/o/{school.code}/care/").content.decode()


def test_the_chair_edits_a_rule(client, school):
    load_rules(school)
    client.force_login(chair_of(school))
    url = f"/o/{school.code}/care/rules/birthday/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "standard_amount": "300",
            "cap": "400",
            "times_per_year": "1",
            "cash_allowed": "",
            "payer": "union",
            "payer_for_retirees": "administration",
            "ledger_category": "expense_activities",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert CareRule.objects.get(org=school, kind="birthday").cap == Decimal("400.00")


def test_the_welfare_officer_cannot_edit_rules(client, school):
    client.force_login(welfare_of(school))
    assert client.get(f"/o/{school.code}/care/rules/").status_code == 200
    assert client.get(f"/o/{school.code}/care/rules/birthday/").status_code == 403


@pytest.mark.parametrize("days", ["7", "60", "nonsense"])
def test_the_reminders_page_shows(client, school, days):
    MemberFactory(org=school, birth_date=TODAY.replace(year=1980))  # 1980 is a leap year
    client.force_login(welfare_of(school))
    response = client.get(f"/o/{school.code}/care/reminders/?days={days}")
    assert response.status_code == 200


def test_a_reminder_link_prefills_the_visit_form(client, school):
    retirees = MemberFactory.create_batch(2, org=school, status="retired")
    client.force_login(welfare_of(school))
    query = "&".join(f"member={m.pk}" for m in retirees)
    response = client.get(f"/o/{school.code}/care/new/?kind=festival&festival=double_ninth&{query}")
    form = response.context["form"]
    assert form["kind"].value() == "festival"
    assert form["festival"].value() == "double_ninth"
    assert sorted(int(pk) for pk in form["members"].value()) == sorted(m.pk for m in retirees)


def test_a_members_care_in_a_year_beside_the_caps(client, school, django_assert_num_queries):
    load_rules(school)
    officer = welfare_of(school)
    member = MemberFactory(org=school)
    for festival in ("spring", "mid_autumn"):
        record(school, officer, [member], kind="festival", festival=festival, amount=Decimal("500"))
    client.force_login(officer)
    with django_assert_num_queries(
        7
    ):  # session, user, roles, unread notices, member, visits, rules
        response = client.get(f"/o/{school.code}/care/member/{member.pk}/")
    page = response.content.decode()
    assert "1,000.00" in page and "2,200.00" in page


def test_another_schools_member_care_and_photos_are_not_found(client, school, other_school):
    stranger = MemberFactory(org=other_school)
    theirs, _w = record(other_school, welfare_of(other_school), [stranger], photos=[_png()])
    photo = theirs.photos.get()
    client.force_login(chair_of(school))
    assert client.get(f"/o/{school.code}/care/member/{stranger.pk}/").status_code == 404
    assert client.get(f"/o/{school.code}/care/{theirs.pk}/photos/{photo.pk}/").status_code == 404


def test_the_overrides_page_runs_a_fixed_number_of_queries(
    client, school, django_assert_num_queries
):
    load_rules(school)
    chair = chair_of(school)
    for _ in range(3):
        record(
            school,
            chair,
            kind="hardship",
            is_cash=True,
            amount=Decimal("2500"),
            override_reason="集体研究同意",
        )
    within_rules, _w = record(school, chair, kind="hardship", is_cash=True, amount=Decimal("500"))
    client.force_login(chair)
    # session, user, roles, unread notices, the count, the visits with who overrode them: the
    # same however many visits are listed (no recipients are loaded, the page shows none).
    with django_assert_num_queries(6):
        response = client.get(f"/o/{school.code}/care/overrides/")
    page = response.content.decode()
    assert page.count("集体研究同意") == 3
    assert "2,500.00" in page and f"/care/{within_rules.pk}/" not in page


def test_reading_a_hardship_visit_is_logged(client, school):
    from unionhall.core.models import SensitiveAccess

    chair = chair_of(school)
    member = MemberFactory(org=school, hardship="severe")
    visit, _w = record(school, chair, [member], kind="hardship", is_cash=True)
    client.force_login(chair)
    client.get(f"/o/{school.code}/care/{visit.pk}/")
    logged = SensitiveAccess.objects.get()
    assert logged.actor == chair and logged.object_id == member.pk
