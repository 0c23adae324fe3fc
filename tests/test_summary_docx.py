import io
import warnings
import zipfile

import pytest
from docx import Document

from tests.factories_reports import funds_indicators, school_year_2025  # noqa: F401
from tests.personas import chair_of
from unionhall.reports import charts

pytestmark = pytest.mark.usefixtures("funds_indicators", "english")


@pytest.fixture
def chair(client, school):
    user = chair_of(school)
    client.force_login(user)
    return user


@pytest.fixture(autouse=True)
def glyph_warnings_fail():
    """A missing glyph (a box instead of a Chinese character) fails the test."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*[Gg]lyph.*missing")
        yield


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _images(content: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return [package.read(n) for n in package.namelist() if n.startswith("word/media/")]


def _download(client, school, **params):
    return client.get(f"/o/{school.code}/reports/summary.docx", {"period": "2025-2026", **params})


def test_it_puts_the_school_years_figures_in_the_docx(client, school, chair):
    expected = school_year_2025(school, chair)
    response = _download(client, school)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _text(response.content)
    assert school.name in text
    assert "2025-2026" in text
    for figure in ("members", "women", "joined", "retired"):
        assert f"{expected[figure]}" in text
    assert f"{expected['members']} members" in text
    assert f"{expected['women']} of them women" in text
    assert expected["income"] in text
    assert expected["expense"] in text
    assert expected["activities"] in text
    assert expected["balance"] in text
    # last year's activity is not this school year's spending
    assert "999.00" not in text.replace(expected["balance"], "")


def test_it_draws_charts_with_chinese_labels_and_no_missing_glyphs(client, school, chair):
    school_year_2025(school, chair)
    assert charts.find_cjk_font(charts.CJK_FONT_FAMILIES), "fonts-noto-cjk should be installed"
    response = _download(client, school)  # glyph warnings would fail here
    images = _images(response.content)
    assert len(images) >= 2  # members and spending
    assert all(image.startswith(b"\x89PNG") for image in images)
    assert charts.unavailable_png() not in images


def test_without_a_cjk_font_the_chart_says_so_and_the_rest_works(
    client, school, chair, monkeypatch
):
    expected = school_year_2025(school, chair)
    monkeypatch.setattr(charts, "CJK_FONT_FAMILIES", ("No Such CJK Font",))
    assert charts.cjk_font() is None
    response = _download(client, school)
    assert response.status_code == 200
    images = _images(response.content)
    assert images
    assert all(image == charts.unavailable_png() for image in images)
    text = _text(response.content)
    assert expected["income"] in text
    assert f"{expected['members']} members" in text


def test_the_default_template_is_a_docx_with_jinja_tags(client, school, chair):
    response = client.get(f"/o/{school.code}/reports/template/summary.docx", {"which": "default"})
    assert response.status_code == 200
    text = _text(response.content)
    assert "{%p for section in sections %}" in text
    assert "{{r block.rich }}" in text  # each figure a hyperlink to its records


def test_the_glyph_guard_would_catch_boxes_for_chinese_text():
    """Drawing Chinese without the CJK font is what the guard above turns into a failure."""
    from matplotlib.figure import Figure

    figure = Figure()
    figure.suptitle("工会工作总结")  # the default font has no Chinese glyphs
    with pytest.raises(UserWarning, match=r"Glyph .* missing"):
        charts._png(figure)
