import pytest
from django.core.exceptions import ValidationError

from tests.factories_congress import make_congress
from unionhall.congress import services
from unionhall.congress.models import CongressRules

# These tests read the English msgids.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def c(school):
    return make_congress(school, reps=6)


def _item(c):
    return services.resolution_create(
        org=c.school, actor=c.chair, session=c.session, title="绩效工资分配方案"
    )


def test_it_passes_with_more_than_half_of_all_representatives(c):
    item = _item(c)
    # 3 for of 6 representatives is half, not more: a majority of those voting is not enough
    item = services.resolution_tally(
        org=c.school, actor=c.chair, resolution=item, votes_for=3, votes_against=1, votes_abstain=0
    )
    assert item.passed is False and item.electorate == 6
    item = services.resolution_tally(
        org=c.school, actor=c.chair, resolution=item, votes_for=4, votes_against=1, votes_abstain=1
    )
    assert item.passed is True


def test_the_share_is_configurable(c):
    CongressRules.objects.create(org=c.school, pass_numerator=2, pass_denominator=3)
    item = services.resolution_tally(
        org=c.school,
        actor=c.chair,
        resolution=_item(c),
        votes_for=4,
        votes_against=2,
        votes_abstain=0,
    )
    assert item.passed is False  # 4 of 6 is two thirds, not more


def test_more_votes_than_representatives_are_refused(c):
    item = _item(c)
    with pytest.raises(ValidationError, match="only 6 representatives"):
        services.resolution_tally(
            org=c.school,
            actor=c.chair,
            resolution=item,
            votes_for=5,
            votes_against=2,
            votes_abstain=0,
        )
    item.refresh_from_db()
    assert item.passed is None and item.votes_for is None


def test_the_chair_enters_the_tally_on_the_page(client, c):
    item = _item(c)
    client.force_login(c.chair)
    url = f"/o/{c.school.code}/congress/resolutions/{item.pk}/tally/"
    response = client.post(url, {"votes_for": 5, "votes_against": 0, "votes_abstain": 1})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.passed
    client.force_login(c.reps[0].user)
    assert client.get(url).status_code == 403


def test_a_resolutions_document_opens_from_the_session_page(client, c):
    """The session page links the document through the app (nothing serves /media/ directly),
    as a download, to those who may read the session."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = services.resolution_create(
        org=c.school,
        actor=c.chair,
        session=c.session,
        title="绩效工资分配方案",
        document=SimpleUploadedFile("方案.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    client.force_login(c.reps[0].user)
    page = client.get(f"/o/{c.school.code}/congress/sessions/{c.session.pk}/").content.decode()
    link = f"/o/{c.school.code}/congress/resolutions/{item.pk}/document/"
    assert f'href="{link}"' in page and "/media/" not in page
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
