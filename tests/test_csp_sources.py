"""Nothing the site draws needs what its Content-Security-Policy forbids: no template, no HTML
written in Python and no script sets an inline style or runs inline script. (The browser walk in
tests/browser/test_csp_and_accessibility.py checks the pages as drawn; this finds the ones the
walk does not reach, e.g. an archive still being built.)"""

import json
import re
from pathlib import Path

from django.conf import settings

import unionhall
from tests.factories_district import make_district
from tests.personas import chair_of
from tests.test_settings import PRODUCTION, run
from unionhall.archive.models import Archive

SOURCES = Path(unionhall.__file__).parent
TEMPLATE_TAGS = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.DOTALL)
# An inline style element or attribute, an inline handler, an inline script, a javascript: URL.
FORBIDDEN_HTML = re.compile(
    r"<style\b|<[a-z][^<>]*\sstyle\s*=|<[a-z][^<>]*\son[a-z]+\s*=|<script(?![^>]*\ssrc=)[^>]*>"
    r"|javascript:",
    re.IGNORECASE,
)
# Scripts that write a style attribute or a style element (CSSOM properties are allowed).
FORBIDDEN_JS = re.compile(
    r"setAttribute\(\s*['\"]style|\.style\.cssText|createElement\(\s*['\"]style|innerHTML\s*=.*style=",
)


def _ours(suffix: str) -> list[Path]:
    return [
        p
        for p in SOURCES.rglob(f"*{suffix}")
        if not ({"bootstrap", "htmx"} & set(p.parts)) and ".min." not in p.name
    ]


def test_no_template_sets_an_inline_style_or_script():
    found = []
    for template in _ours(".html"):
        text = TEMPLATE_TAGS.sub("", template.read_text(encoding="utf-8"))
        found += [f"{template.relative_to(SOURCES)}: {m}" for m in FORBIDDEN_HTML.findall(text)]
    assert not found, "\n".join(found)


def test_no_html_written_in_python_sets_an_inline_style():
    found = []
    for source in _ours(".py"):
        text = source.read_text(encoding="utf-8")
        for m in FORBIDDEN_HTML.finditer(text):
            number = text.count("\n", 0, m.start()) + 1
            found.append(f"{source.relative_to(SOURCES)}:{number}: {m.group()}")
    assert not found, "\n".join(found)


def test_no_script_of_ours_writes_a_style_attribute():
    found = [
        f"{script.relative_to(SOURCES)}: {m}"
        for script in _ours(".js")
        for m in FORBIDDEN_JS.findall(script.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


def test_the_tests_run_under_the_production_policy_which_allows_no_inline_style_or_script():
    """The browser walk sees the policy production sends: the same in every environment."""
    production = run(
        [
            "-c",
            "import json; from django.conf import settings as s; "
            "print(json.dumps([s.CONTENT_SECURITY_POLICY, "
            "getattr(s, 'CONTENT_SECURITY_POLICY_REPORT_ONLY', None)]))",
        ],
        **PRODUCTION,
    )
    assert production.returncode == 0, production.stderr
    policy, report_only = json.loads(production.stdout)
    assert policy == json.loads(json.dumps(settings.CONTENT_SECURITY_POLICY))
    assert report_only is None
    for name in ("default-src", "script-src", "style-src"):
        assert policy["DIRECTIVES"][name] == ["'self'"], name


def test_the_district_chart_draws_its_bars_with_attributes_only(client, db):
    """SVG presentation attributes (width, fill) are not governed by style-src: the chart keeps
    its shape under the policy, and its width limit is a class from unionhall.css."""
    d = make_district()
    client.force_login(d.admin)
    response = client.get(f"/o/{d.district.code}/district/compare/")
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('<svg xmlns="http://www.w3.org/2000/svg" role="img"')
    chart = page[start : page.index("</svg>", start)]
    assert 'class="w-100 max-w-760"' in chart
    assert re.search(r'<rect x="220" y="\d+" width="[1-9][\d.]*" height="16"', chart), chart
    assert not FORBIDDEN_HTML.search(TEMPLATE_TAGS.sub("", page))


def test_the_archives_progress_bar_is_drawn_with_a_width_class(client, school):
    chair = chair_of(school)
    archive = Archive.objects.create(
        org=school, year=2025, state=Archive.State.RUNNING, progress=40, requested_by=chair
    )
    client.force_login(chair)
    page = client.get(f"/o/{school.code}/archive/{archive.pk}/").content.decode()
    assert '<div class="progress-bar pw-40 progress-bar-striped' in page
    assert 'aria-valuenow="40"' in page
    assert not FORBIDDEN_HTML.search(TEMPLATE_TAGS.sub("", page))
