"""Members' pages of the suggestion box: submit, my suggestions, the answers board, and the
committee's handling (list, detail, route, merge, answer, publish, themes, settings).

The submit view logs nothing and keeps nothing in the session: an anonymous suggestion must not
be traceable to the request that sent it.
"""

import dataclasses
import io

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core import audit
from unionhall.orgs.access import can, requires
from unionhall.voice import selectors, services
from unionhall.voice.forms import (
    AnswerForm,
    CategoryChangeForm,
    CategoryForm,
    MergeForm,
    PublishForm,
    RouteForm,
    SettingsForm,
    SuggestionFilterForm,
    SuggestionForm,
)
from unionhall.voice.models import Category

PAGE_SIZE = 50


def _errors(form_or_error) -> str:
    if isinstance(form_or_error, ValidationError):
        return " ".join(form_or_error.messages)
    return " ".join(str(e) for errors in form_or_error.errors.values() for e in errors)


@requires("voice.submit")
def submit(request):
    services.categories_ensure(org=request.org)
    if request.method == "POST":
        form = SuggestionForm(request.POST, org=request.org)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = services.suggestion_submit(
                    org=request.org,
                    user=request.user,
                    token=data["token"],
                    category=data["category"],
                    title=data["title"],
                    body=data["body"],
                    anonymous=data["anonymous"],
                    show_name=data["show_name"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if data["anonymous"]:
                    return redirect("voice:thanks", org=request.org.code)
                if result.created:
                    messages.success(request, _("Thank you: your suggestion was received."))
                else:
                    messages.info(request, _("This suggestion had already been received."))
                return redirect("voice:mine", org=request.org.code)
    else:
        form = SuggestionForm(org=request.org, initial={"token": services.new_form_token()})
    return render(request, "voice/submit.html", {"form": form})


@requires("voice.submit")
def thanks(request):
    """After an anonymous submission: no number, nothing that points at the row."""
    return render(request, "voice/thanks.html")


@requires("voice.submit")
def mine(request):
    rows = selectors.submitted_by(org=request.org, user=request.user)
    return render(request, "voice/mine.html", {"suggestions": rows})


@requires("voice.board")
def board(request):
    page = Paginator(selectors.board(org=request.org, public=False), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "voice/board.html", {"page": page, "public": False})


@requires("voice.manage")
def suggestion_list(request):
    services.categories_ensure(org=request.org)
    form = SuggestionFilterForm(request.GET or None, org=request.org)
    filters = selectors.SuggestionFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.SuggestionFilter(
            q=data["q"],
            state=data["state"],
            category=data["category"].pk if data["category"] else None,
            channel=data["channel"],
        )
    theme = request.GET.get("theme", "")
    if theme.isdigit():
        filters = dataclasses.replace(filters, theme=int(theme))
    page = Paginator(selectors.suggestion_list(org=request.org, filters=filters), PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "counts": selectors.state_counts(org=request.org),
    }
    template = "voice/list.html#results" if request.htmx else "voice/list.html"
    return render(request, template, context)


def _detail_context(request, suggestion, **forms):
    org = request.org
    context = {
        "s": suggestion,
        "category_form": CategoryChangeForm(org=org, initial={"category": suggestion.category_id}),
        "merge_form": MergeForm(org=org),
        "route_form": RouteForm(
            answerers=services.answerers(org=org), initial={"assignee": suggestion.assignee_id}
        ),
        "answer_form": AnswerForm(
            initial={"answer": suggestion.answer, "adopted": suggestion.adopted}
        ),
        "publish_form": PublishForm(initial={"board": suggestion.board}),
        "history": audit.history(suggestion),
        "duplicates": suggestion.duplicates.all(),
        "transitions": services.TRANSITIONS[suggestion.state],
    }
    context.update(forms)
    return context


@requires("voice.manage")
def suggestion_detail(request, pk: int):
    suggestion = selectors.suggestion_get(org=request.org, pk=pk)
    return render(request, "voice/detail.html", _detail_context(request, suggestion))


def _act(request, pk: int, form_class, form_name: str, action, success: str, **form_kwargs):
    """Run one committee action on a suggestion from a posted form; on error show the page."""
    suggestion = selectors.suggestion_get(org=request.org, pk=pk)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            action(suggestion, form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, success)
            return redirect("voice:detail", org=request.org.code, pk=suggestion.pk)
    else:
        messages.error(request, _errors(form))
    context = _detail_context(request, suggestion, **{form_name: form})
    return render(request, "voice/detail.html", context, status=400)


@require_POST
@requires("voice.manage")
def categorise(request, pk: int):
    return _act(
        request,
        pk,
        CategoryChangeForm,
        "category_form",
        lambda s, d: services.suggestion_categorise(
            suggestion=s, actor=request.user, category=d["category"]
        ),
        _("The category was changed."),
        org=request.org,
    )


@require_POST
@requires("voice.manage")
def merge(request, pk: int):
    return _act(
        request,
        pk,
        MergeForm,
        "merge_form",
        lambda s, d: services.suggestion_merge(
            suggestion=s, actor=request.user, original=d["original"]
        ),
        _("The suggestion was merged as a duplicate."),
        org=request.org,
    )


@require_POST
@requires("voice.manage")
def route(request, pk: int):
    return _act(
        request,
        pk,
        RouteForm,
        "route_form",
        lambda s, d: services.suggestion_route(
            suggestion=s, actor=request.user, assignee=d["assignee"]
        ),
        _("The suggestion was sent to its responsible person."),
        answerers=services.answerers(org=request.org),
    )


@require_POST
@requires("voice.manage")
def publish(request, pk: int):
    return _act(
        request,
        pk,
        PublishForm,
        "publish_form",
        lambda s, d: services.suggestion_publish(
            suggestion=s, actor=request.user, board=d["board"]
        ),
        _("Where the answer is published was saved."),
    )


@requires("voice.answer")
def inbox(request):
    rows = selectors.routed_to(org=request.org, user=request.user)
    return render(request, "voice/inbox.html", {"suggestions": rows})


@requires("voice.answer")
def answer(request, pk: int):
    suggestion = selectors.suggestion_get(org=request.org, pk=pk)
    manager = can(request, "voice.manage")
    if not manager and suggestion.assignee_id != request.user.pk:
        raise Http404("not routed to this user")
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.suggestion_answer(
                    suggestion=suggestion,
                    actor=request.user,
                    answer=form.cleaned_data["answer"],
                    adopted=form.cleaned_data["adopted"],
                    manager=manager,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your answer was saved."))
                if manager:
                    return redirect("voice:detail", org=request.org.code, pk=suggestion.pk)
                return redirect("voice:inbox", org=request.org.code)
    else:
        form = AnswerForm(initial={"answer": suggestion.answer, "adopted": suggestion.adopted})
    return render(request, "voice/answer.html", {"s": suggestion, "form": form})


@requires("voice.manage")
def public_qr(request):
    """The public link as a QR code (SVG), to print on a notice for parents and students.

    The settings page shows it only while the public link is open; scanned while it is closed,
    the code leads to the public page saying so."""
    url = request.build_absolute_uri(
        reverse("voice_public:submit", kwargs={"org": request.org.code})
    )
    svg = io.BytesIO()
    segno.make(url, error="m").save(svg, kind="svg", scale=8, border=2)
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="{request.org.code}-suggestions-qr.svg"'
    return response


@requires("voice.manage")
def settings_page(request):
    services.categories_ensure(org=request.org)
    current = services.public_settings(org=request.org)
    form = SettingsForm(request.POST or None, instance=current, prefix="settings")
    category_form = CategoryForm(prefix="category")
    if request.method == "POST" and "settings-public_per_hour" in request.POST:
        if form.is_valid():
            services.settings_save(
                org=request.org,
                actor=request.user,
                public_enabled=form.cleaned_data["public_enabled"],
                public_per_hour=form.cleaned_data["public_per_hour"],
                public_intro=form.cleaned_data["public_intro"],
            )
            messages.success(request, _("The suggestion box settings were saved."))
            return redirect("voice:settings", org=request.org.code)
    elif request.method == "POST":
        form = SettingsForm(instance=current, prefix="settings")
        category_form = CategoryForm(request.POST, prefix="category")
        # A name the organisation already uses edits that category; a new name adds one.
        category = Category.objects.filter(
            org=request.org, name=request.POST.get("category-name", "").strip()
        ).first()
        if category_form.is_valid():
            try:
                services.category_save(
                    org=request.org,
                    actor=request.user,
                    category=category,
                    **category_form.cleaned_data,
                )
            except ValidationError as error:
                messages.error(request, _errors(error))
            else:
                messages.success(request, _("The category was saved."))
                return redirect("voice:settings", org=request.org.code)
    context = {
        "form": form,
        "category_form": category_form,
        "categories": selectors.categories(org=request.org),
        "settings": current,
    }
    return render(request, "voice/settings.html", context)
