"""The district's figures are the schools' indicators, grouped by school in the database: each
school's figure equals its own indicator, the district's total is their sum, and the page costs
the same number of queries whatever the number of schools."""

import io
import re

import docx
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from tests.factories import SchoolFactory
from tests.factories_district import make_district
from tests.rendering import pages_text
from unionhall.core import indicators
from unionhall.core.indicators import Period
from unionhall.district import selectors
from unionhall.district.documents import rollup_docx

NAMES = ["members.active", "members.women", "care.person_visits", "care.amount", "care.visits"]


@pytest.fixture
def d(db):
    return make_district()


def _year():
    return Period.year(timezone.localdate().year)


def test_each_schools_figure_is_its_own_indicator_and_the_total_their_sum(d):
    compared = selectors.comparison(district=d.district, names=NAMES, period=_year())
    assert [c.found.name for c in compared.columns] == NAMES
    for row in compared.rows:
        for column, value in zip(compared.columns, row.values, strict=True):
            assert value == column.found(row.school, _year()).value
    for index, column in enumerate(compared.columns):
        values = [row.values[index] for row in compared.rows if row.values[index] is not None]
        assert column.total == sum(values)
    by_name = {c.found.name: c for c in compared.columns}
    assert by_name["members.active"].total == 13
    assert by_name["care.person_visits"].total == 3
    assert str(by_name["care.amount"].total) == "600.00"
    assert by_name["members.active"].median == 4


def test_every_grouped_indicator_agrees_with_its_own_value(d):
    """by_org (one GROUP BY) gives what each school's own computation gives, for every
    indicator the district can compare by."""
    period = _year()
    for found in selectors.comparable():
        grouped = found.by_org(d.schools, period)
        for school in d.schools:
            assert grouped.get(school.pk) == found(school, period).value, found.name


def test_a_school_without_records_is_not_recorded_and_sorts_last(d):
    compared = selectors.comparison(
        district=d.district, names=["care.person_visits"], period=_year(), sort="care.person_visits"
    )
    assert [row.values[0] for row in compared.rows] == [2, 1, None]
    ascending = selectors.comparison(
        district=d.district,
        names=["care.person_visits"],
        period=_year(),
        sort="care.person_visits",
        descending=False,
    )
    assert [row.values[0] for row in ascending.rows] == [1, 2, None]


def test_the_comparison_page_costs_the_same_queries_for_more_schools(
    d, client, django_assert_num_queries
):
    client.force_login(d.admin)
    url = reverse("district:compare", kwargs={"org": d.district.code})
    query = {"i": NAMES, "sort": "members.active"}
    # The first visit works the figures out (a grouped query and a kept snapshot for each
    # indicator); later ones read the snapshots.
    with django_assert_num_queries(51):
        assert client.get(url, query).status_code == 200
    with django_assert_num_queries(6):
        response = client.get(url, query)
    assert response.status_code == 200
    assert "<svg" in response.content.decode()
    for _ in range(20):
        SchoolFactory(parent=d.district)
    # New schools are not in the snapshots: worked out again, at the same cost.
    with django_assert_num_queries(41):
        assert client.get(url, query).status_code == 200
    with django_assert_num_queries(6):
        response = client.get(url, query)
    text = response.content.decode()
    names = d.district.schools.values_list("name", flat=True)
    assert len(names) == 23 and all(name in text for name in names)


def test_the_comparison_chart_draws_a_bar_per_school_against_the_median(d, client):
    """The chart (drawn by a template from the numbers of district.charts) shows the sorted
    figure: the longest bar for the most members, the median as a labelled line, and a school's
    name as text, never as markup."""
    school = d.district.schools.order_by("name").first()
    school.name = "<b>实验小学</b>工会"
    school.save(update_fields=["name"])
    client.force_login(d.admin)
    url = reverse("district:compare", kwargs={"org": d.district.code})
    page = client.get(url, {"i": NAMES, "sort": "members.active"}).content.decode()
    start = page.index('<svg xmlns="http://www.w3.org/2000/svg" role="img"')
    chart = page[start : page.index("</svg>", start)]
    assert re.findall(r'<rect x="220" y="\d+" width="([\d.]+)"', chart) == [
        "420.0",
        "280.0",
        "210.0",
    ]
    assert '<line x1="500.0"' in chart and ">中位数</text>" in chart
    assert "&lt;b&gt;实验小学&lt;/b&gt;工会" in chart and "<b>" not in chart


def test_the_comparison_page_names_its_figures(d, client):
    """Each figure's checkbox sends its name and is labelled, and the columns are headed: an
    indicator is callable, and a template must not call it (it showed them all empty)."""
    client.force_login(d.admin)
    url = reverse("district:compare", kwargs={"org": d.district.code})
    page = client.get(url, {"i": ["members.active"], "sort": "members.active"}).content.decode()
    active = indicators.get("members.active")
    assert 'name="i" value="members.active" id="i-' in page
    assert 'value=""' not in page.split("<fieldset")[1].split("</fieldset>")[0]
    assert f">{active.label}</label>" in page
    assert f'<option value="members.active" selected>{active.label}</option>' in page
    assert f'<th class="text-end">{active.label}<br>' in page


def test_the_comparison_exports_to_xlsx(d, client):
    client.force_login(d.admin)
    url = reverse("district:compare_xlsx", kwargs={"org": d.district.code})
    response = client.get(url, {"i": ["members.active", "care.amount"], "sort": "members.active"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 3 + 2
    assert [r[1] for r in rows[1:4]] == [6, 4, 3]
    assert rows[4][1:] == (13, 600.0)


def test_the_district_summary_docx_sums_and_lists_the_schools(d):
    content = rollup_docx(district=d.district, year=timezone.localdate().year, names=NAMES)
    document = docx.Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert d.district.name in text
    tables = document.tables
    main = [[c.text for c in row.cells] for row in tables[0].rows]
    assert any(row[1] == "13" for row in main)  # members in service, summed
    schools = [[c.text for c in row.cells] for row in tables[-1].rows]
    assert {row[0] for row in schools[1:]} == {s.name for s in d.schools}


def test_the_district_summary_prints_numbered_in_order_with_whole_numbers(d, tmp_path):
    """一、二、… without a gap, the figures' column headed 指标 (not 数字), every school's figure on
    one line in tables narrow enough for it, and the signature kept with the last paragraph."""
    from tests.rendering import to_pdf
    from tests.test_documents_print import Printed, header_words, lonely_pages, whole_numbers

    names = [found.name for found in selectors.comparable()]
    with translation.override("zh-hans"):
        content = rollup_docx(district=d.district, year=timezone.localdate().year, names=names)
    document = docx.Document(io.BytesIO(content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [h[0] for h in headings] == list("一二三"[: len(headings)])
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "数字" not in cells and "指标" in cells
    item = Printed(content, pages_text(to_pdf(content, tmp_path, "rollup")))
    assert lonely_pages(item) == [] and header_words(item) == [] and whole_numbers(item) == []


def test_other_roles_and_other_districts_cannot_compare(d, client):
    client.force_login(d.chairs[0])  # a school's chair holds no role in the district
    url = reverse("district:compare", kwargs={"org": d.district.code})
    assert client.get(url).status_code == 404
    mine = reverse("district:compare", kwargs={"org": d.schools[0].code})
    assert client.get(mine).status_code == 403


def test_indicators_without_a_grouped_form_are_not_offered(d):
    offered = {found.name for found in selectors.comparable()}
    assert "members.active" in offered
    assert "care.by_kind" not in offered  # a breakdown
    assert all(indicators.get(name).by_org is not None for name in offered)
