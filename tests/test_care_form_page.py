"""The visit form page: a plain-text title, and the script that shows fields by kind, once."""

import re

import pytest
from django.contrib.staticfiles import finders

from tests.personas import welfare_of

pytestmark = pytest.mark.usefixtures("english")


def test_the_care_form_title_is_text_and_its_script_appears_once(client, school):
    client.force_login(welfare_of(school))
    body = client.get(f"/o/{school.code}/care/new/").content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert title == "Record a care visit · unionhall"
    # A static file (the Content-Security-Policy allows no inline script), loaded once.
    script = '<script src="/static/care/visit_form.js" defer></script>'
    assert body.count(script) == 1
    # after the form (and deferred), so the fields it hides exist when it runs
    assert body.index('id="id_kind"') < body.index(script)
    source = finders.find("care/visit_form.js")
    assert 'kind.addEventListener("change", update)' in open(source, encoding="utf-8").read()
