"""One shape for an action view: form → service → message → redirect.

A view builds its form and says which service to call; `run_action` does the rest, the same way
in every app:

- a GET shows the page with the form;
- a valid post calls `perform(cleaned_data)` in one transaction, so an action that calls several
  services changes nothing unless all of them succeed;
- on success it adds the `success` message and redirects to `redirect_to`;
- a service refuses by raising ValidationError. With a page to show (`template`), the refusal
  and any invalid input go on the form (on the fields it names, else above the form) and the
  page is shown again, with the user's input, at `status`. Without one (a button on another
  page), they are shown as messages on the page `redirect_to` leads back to.

For an htmx request with a `fragment`, a refusal renders only that partial of the template
(`template#fragment`) and a success asks htmx to load the next page.

    @requires("congress.manage")
    def term_create(request):
        return run_action(
            request,
            form=forms.TermForm(request.POST or None),
            perform=lambda data: services.term_create(org=request.org, actor=request.user, **data),
            redirect_to=lambda term: reverse("congress:term", kwargs={...}),
            template="congress/form.html",
            context={"heading": _("New term")},
        )
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect


def run_action(
    request: HttpRequest,
    *,
    form: forms.BaseForm | None,
    perform: Callable[[dict[str, Any]], Any],
    redirect_to: str | Callable[[Any], str],
    success: str | Callable[[Any], str | None] | None = None,
    template: str | None = None,
    context: dict[str, Any] | Callable[[forms.BaseForm | None], dict[str, Any]] | None = None,
    status: int = 200,
    fragment: str | None = None,
) -> HttpResponse:
    """Run one action; see the module's docstring.

    `perform` may add messages of its own (a warning beside the success); `success` and
    `redirect_to` may be functions of what `perform` returned. `context` is the page's context,
    to which the form is added as "form", or a function of the form returning the context (for
    a page that shows the form under another name). Without a `template`, `redirect_to` is the
    URL to go back to and must not depend on the result."""
    refusal = None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            with transaction.atomic():
                result = perform(form.cleaned_data if form is not None else {})
        except ValidationError as error:
            refusal = error
        else:
            message = success(result) if callable(success) else success
            if message:
                messages.success(request, message)
            url = redirect_to(result) if callable(redirect_to) else redirect_to
            if fragment and request.htmx:
                return HttpResponseClientRedirect(url)
            return redirect(url)
    if template is None:
        if refusal is not None:
            _tell(request, refusal.messages)
        elif form is not None:
            _tell(request, _form_errors(form))
        return redirect(redirect_to)
    if refusal is not None:
        if form is not None:
            refuse(form, refusal)
        else:
            _tell(request, refusal.messages)
    shown = context(form) if callable(context) else {**(context or {}), "form": form}
    if fragment and request.htmx:
        template = f"{template}#{fragment}"
    posted = request.method == "POST"
    return render(request, template, shown, status=status if posted else 200)


def refuse(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the fields it names, the rest above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _tell(request: HttpRequest, texts: list[str]) -> None:
    for text in texts:
        messages.error(request, text)


def _form_errors(form: forms.BaseForm) -> list[str]:
    """A posted form's errors as messages, each named by its field's label."""
    texts = []
    for name, errors in form.errors.items():
        for error in errors:
            if name == NON_FIELD_ERRORS or name not in form.fields:
                texts.append(error)
            else:
                texts.append(
                    _("%(field)s: %(error)s") % {"field": form.fields[name].label, "error": error}
                )
    return texts
