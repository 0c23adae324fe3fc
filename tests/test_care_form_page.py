"""The visit form page: a plain-text title, and the script that shows fields by kind, once."""

import re

import pytest

from tests.personas import welfare_of

pytestmark = pytest.mark.usefixtures("english")


def test_the_care_form_title_is_text_and_its_script_appears_once(client, school):
    client.force_login(welfare_of(school))
    body = client.get(f"/o/{school.code}/care/new/").content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert title == "Record a care visit · unionhall"
    assert body.count('kind.addEventListener("change", update)') == 1
    # after the form, so the fields it hides exist when it runs
    assert body.index('id="id_kind"') < body.index("<script>\n// Show the fields a kind needs")
