"""Other apps add panels to a member's page through core.panels (members imports none of them)."""

import pytest
from django.urls import reverse

from tests.factories import MemberFactory
from tests.personas import chair_of, member_of
from unionhall.core import panels
from unionhall.core.panels import Panel

pytestmark = pytest.mark.django_db


@pytest.fixture
def a_panel(settings, tmp_path):
    template_dir = tmp_path / "templates"
    (template_dir / "testpanel").mkdir(parents=True)
    (template_dir / "testpanel" / "panel.html").write_text("<p>won: {{ panel.context.what }}</p>")
    # A new TEMPLATES value (not a change inside the old one), so that Django rebuilds its
    # template engines and their cached loaders.
    engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], template_dir]}
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]

    def shown(request, member):
        if member.name.startswith("Nobody"):
            return None
        return Panel("Test honours", "testpanel/panel.html", {"what": "gold"})

    panels.member_panel("test-honours", order=1)(shown)
    yield
    panels._PANELS.pop("test-honours")


def test_a_registered_panel_shows_on_the_member_page_and_my_profile(client, school, a_panel):
    user = member_of(school)
    member = MemberFactory(org=school, user=user, name="张三")
    nobody = MemberFactory(org=school, name="Nobody 李四")
    client.force_login(chair_of(school))
    detail = reverse("members:detail", kwargs={"org": school.code, "pk": member.pk})
    page = client.get(detail).content.decode()
    assert "Test honours" in page and "won: gold" in page
    other = reverse("members:detail", kwargs={"org": school.code, "pk": nobody.pk})
    assert "Test honours" not in client.get(other).content.decode()
    client.force_login(user)
    assert "won: gold" in client.get(f"/o/{school.code}/me/").content.decode()
