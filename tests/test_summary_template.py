import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from tests.factories import UserFactory, grant
from tests.factories_reports import funds_indicators, school_year_2025  # noqa: F401
from tests.personas import chair_of
from unionhall.core.models import AuditEntry
from unionhall.reports.models import SummaryTemplate

pytestmark = pytest.mark.usefixtures("funds_indicators", "english")


@pytest.fixture
def chair(client, school):
    user = chair_of(school)
    client.force_login(user)
    return user


def _docx(*lines: str) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(client, school, content: bytes, name: str = "我们的模板.docx"):
    return client.post(
        f"/o/{school.code}/reports/template/",
        {"template": SimpleUploadedFile(name, content)},
    )


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_the_chair_replaces_the_template_and_the_download_uses_it(client, school, chair):
    expected = school_year_2025(school, chair)
    custom = _docx(
        "{{ org_name }}工会{{ period_label }}学年工作总结",
        "全年会员{{ figures['members.count'] }}人，经费收入{{ figures['funds.income'] }}元。",
        "退休{{ figures['members.retired'] }}人{{ figures['no.such'] }}。",
    )
    response = _upload(client, school, custom)
    assert response.status_code == 302
    assert SummaryTemplate.objects.filter(org=school, retired_at__isnull=True).count() == 1
    assert AuditEntry.objects.filter(
        org=school, action=AuditEntry.Action.CREATE, summary__contains="Summary template"
    ).exists()

    docx = client.get(f"/o/{school.code}/reports/summary.docx", {"period": "2025-2026"})
    text = _text(docx.content)
    assert f"全年会员{expected['members']}人" in text
    assert f"经费收入{expected['income']}元" in text
    assert f"退休{expected['retired']}人。" in text  # an unknown indicator prints nothing


def test_a_broken_template_is_refused_with_the_reason_and_nothing_changes(client, school, chair):
    response = _upload(client, school, _docx("{{ org_name }", "{% for x in %}"))
    assert response.status_code == 200
    assert "This template cannot be used" in response.content.decode()
    assert "tag error" in response.content.decode()
    assert not SummaryTemplate.objects.exists()


def test_a_file_that_is_not_a_docx_is_refused(client, school, chair):
    response = _upload(client, school, b"not a word file", name="template.docx")
    assert "is not a Word .docx document" in response.content.decode()
    response = _upload(client, school, _docx("x"), name="template.doc")
    assert "must be a Word .docx file" in response.content.decode()
    assert not SummaryTemplate.objects.exists()


def test_a_template_that_breaks_later_falls_back_with_a_message(client, school, chair):
    school_year_2025(school, chair)
    SummaryTemplate.objects.create(
        org=school, name="坏模板.docx", content=b"corrupted", uploaded_by=chair
    )
    response = client.get(
        f"/o/{school.code}/reports/summary.docx", {"period": "2025-2026"}, follow=True
    )
    page = response.content.decode()
    assert "could not be used" in page
    assert "template=default" in page
    default = client.get(
        f"/o/{school.code}/reports/summary.docx", {"period": "2025-2026", "template": "default"}
    )
    assert default.status_code == 200
    assert "members on its register" in _text(default.content)


def test_going_back_to_the_default_keeps_the_old_template(client, school, chair):
    _upload(client, school, _docx("{{ title }}"))
    response = client.post(f"/o/{school.code}/reports/template/reset/")
    assert response.status_code == 302
    assert SummaryTemplate.objects.filter(org=school).count() == 1
    assert not SummaryTemplate.objects.filter(org=school, retired_at__isnull=True).exists()
    docx = client.get(f"/o/{school.code}/reports/summary.docx", {"period": "2025-2026"})
    assert "{%p" not in _text(docx.content)
    page = client.get(f"/o/{school.code}/reports/template/").content.decode()
    assert "uses the default template" in page
    assert "我们的模板.docx" in page  # listed among the templates used before


@pytest.mark.parametrize("role", ["committee_organisation", "treasurer", "member"])
def test_only_the_chair_may_replace_the_template(client, school, role):
    client.force_login(grant(UserFactory(), school, role))
    assert client.get(f"/o/{school.code}/reports/template/").status_code == 403
    response = _upload(client, school, _docx("{{ title }}"))
    assert response.status_code == 403
    assert client.post(f"/o/{school.code}/reports/template/reset/").status_code == 403
    assert not SummaryTemplate.objects.exists()


def test_another_schools_template_page_is_not_found(client, school, other_school, chair):
    assert client.get(f"/o/{other_school.code}/reports/template/").status_code == 404
    assert _upload(client, other_school, _docx("{{ title }}")).status_code == 404
    assert not SummaryTemplate.objects.exists()


def test_a_template_cannot_reach_python_internals(client, school, chair):
    sneaky = _docx("{{ title.__class__.__mro__[1].__subclasses__() }}")
    response = _upload(client, school, sneaky)
    assert "This template cannot be used" in response.content.decode()
    assert not SummaryTemplate.objects.exists()


def test_a_template_over_5_mb_is_refused(client, school, chair):
    response = _upload(client, school, b"x" * (5 * 1024 * 1024 + 1))
    assert "larger than 5 MB" in response.content.decode()
    assert not SummaryTemplate.objects.exists()
