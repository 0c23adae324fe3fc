"""run_action, the one shape of an action view: form → service → message → redirect."""

from pathlib import Path

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import ValidationError
from django.utils import translation
from django_htmx.middleware import HtmxDetails

from unionhall.core import audit
from unionhall.core.actions import run_action
from unionhall.core.models import AuditEntry

PAGE = "tests/action_page.html"


@pytest.fixture(autouse=True)
def _test_templates(settings):
    templates = [
        dict(engine, DIRS=[Path(__file__).parent / "templates"]) for engine in settings.TEMPLATES
    ]
    settings.TEMPLATES = templates
    with translation.override("en"):
        yield


class NameForm(forms.Form):
    name = forms.CharField(label="Name", max_length=20)


def _request(rf, data=None, *, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    request = (
        rf.get("/x/", headers=headers) if data is None else rf.post("/x/", data, headers=headers)
    )
    SessionMiddleware(lambda r: None).process_request(request)
    request._messages = FallbackStorage(request)
    request.htmx = HtmxDetails(request)
    request.user = AnonymousUser()
    return request


def _said(request) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


def _write_then_refuse(school, error):
    """A service that writes, then refuses: its write must not survive."""

    def perform(data):
        audit.record(org=school, actor=None, subject=school, action="event", summary="half done")
        raise error

    return perform


def test_a_get_shows_the_page_with_the_form(rf):
    request = _request(rf)
    response = run_action(
        request, form=NameForm(None), perform=pytest.fail, redirect_to="/done/", template=PAGE
    )
    assert response.status_code == 200
    assert "The page" in response.content.decode()


def test_success_says_so_and_redirects_where_the_result_leads(rf, db):
    request = _request(rf, {"name": "Li"})
    response = run_action(
        request,
        form=NameForm(request.POST),
        perform=lambda data: data["name"].upper(),
        success=lambda result: f"Saved {result}.",
        redirect_to=lambda result: f"/people/{result}/",
        template=PAGE,
    )
    assert (response.status_code, response["Location"]) == (302, "/people/LI/")
    assert _said(request) == [("success", "Saved LI.")]


def test_a_refusal_is_shown_on_the_form_and_changes_nothing(rf, school):
    request = _request(rf, {"name": "Li"})
    response = run_action(
        request,
        form=NameForm(request.POST),
        perform=_write_then_refuse(school, ValidationError("The book is closed.")),
        success="Saved.",
        redirect_to="/done/",
        template=PAGE,
        status=400,
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert '<p class="refusal">The book is closed.</p>' in page
    assert 'value="Li"' in page  # what they typed is still there
    assert not AuditEntry.objects.exists()
    assert _said(request) == []


def test_a_refusal_naming_a_field_is_shown_on_that_field(rf, school):
    request = _request(rf, {"name": "Li"})
    response = run_action(
        request,
        form=NameForm(request.POST),
        perform=_write_then_refuse(school, ValidationError({"name": "This name is taken."})),
        redirect_to="/done/",
        template=PAGE,
    )
    assert response.status_code == 200
    assert '<p class="on-name">This name is taken.</p>' in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_invalid_input_never_reaches_the_service(rf):
    request = _request(rf, {"name": ""})
    response = run_action(
        request, form=NameForm(request.POST), perform=pytest.fail, redirect_to="/x/", template=PAGE
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_a_button_on_another_page_goes_back_there_with_the_refusal(rf, school):
    request = _request(rf, {})
    response = run_action(
        request,
        form=None,
        perform=_write_then_refuse(school, ValidationError("Already removed.")),
        success="Removed.",
        redirect_to="/entry/1/",
    )
    assert (response.status_code, response["Location"]) == (302, "/entry/1/")
    assert _said(request) == [("error", "Already removed.")]
    assert not AuditEntry.objects.exists()


def test_a_small_form_on_another_page_names_the_field_it_needs(rf):
    request = _request(rf, {"name": ""})
    response = run_action(
        request, form=NameForm(request.POST), perform=pytest.fail, redirect_to="/entry/1/"
    )
    assert response.status_code == 302
    assert _said(request) == [("error", "Name: This field is required.")]


def test_htmx_gets_the_fragment_on_refusal_and_a_client_redirect_on_success(rf, school):
    request = _request(rf, {"name": "Li"}, htmx=True)
    refused = run_action(
        request,
        form=NameForm(request.POST),
        perform=_write_then_refuse(school, ValidationError("Not now.")),
        redirect_to="/done/",
        template=PAGE,
        fragment="form",
        status=422,
    )
    html = refused.content.decode()
    assert refused.status_code == 422
    assert "Not now." in html and "The page" not in html

    request = _request(rf, {"name": "Li"}, htmx=True)
    done = run_action(
        request,
        form=NameForm(request.POST),
        perform=lambda data: None,
        success="Saved.",
        redirect_to="/done/",
        template=PAGE,
        fragment="form",
    )
    assert done["HX-Redirect"] == "/done/"
    assert _said(request) == [("success", "Saved.")]
