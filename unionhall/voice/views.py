"""Members' pages of the suggestion box: submit, my suggestions, the answers board, and the
committee's handling (list, detail, route, merge, answer, publish, themes, settings).

The submit view logs nothing and keeps nothing in the session: an anonymous suggestion must not
be traceable to the request that sent it.
"""

import dataclasses
import io

import segno
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core import audit
from unionhall.core.actions import run_action
from unionhall.core.backdate import paper_time
from unionhall.core.params import id_list, id_param, int_param
from unionhall.orgs.access import can, requires
from unionhall.voice import selectors, services
from unionhall.voice.forms import (
    PAPER_ROWS,
    PAPER_ROWS_MAX,
    AnswerForm,
    BulkForm,
    CategoryChangeForm,
    CategoryForm,
    InboxAnswerForm,
    MergeForm,
    PaperAnswerForm,
    PaperBoxForm,
    PaperSuggestionForm,
    PublishForm,
    RouteForm,
    SettingsForm,
    SuggestionFilterForm,
    SuggestionForm,
    paper_row_formset,
)

PAGE_SIZE = 50


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org": request.org.code, **kwargs})


@requires("voice.submit")
def submit(request):
    services.categories_ensure(org=request.org)
    # Officers who type in the paper box get the "entered from paper" fields.
    form_class = PaperSuggestionForm if can(request, "voice.enter_paper") else SuggestionForm
    if request.method == "POST":
        form = form_class(request.POST, org=request.org)
    else:
        form = form_class(org=request.org, initial={"token": services.new_form_token()})

    def typed() -> bool:
        return isinstance(form, PaperSuggestionForm) and form.from_paper()

    def perform(data):
        if typed():
            return services.suggestion_submit(
                org=request.org,
                user=request.user,
                token=data["token"],
                category=data["category"],
                title=data["title"],
                body=data["body"],
                anonymous=data["anonymous"],
                show_name=data["show_name"],
                submitted_on=data["submitted_on"],
                on_behalf_of=data["on_behalf_of"],
                from_paper=True,
            )
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
        # An anonymous author gets no message: nothing in the session points at the row.
        if not data["anonymous"] and not result.created:
            messages.info(request, _("This suggestion had already been received."))
        return result

    def anonymous() -> bool:
        return form.cleaned_data["anonymous"]

    return run_action(
        request,
        form=form,
        perform=perform,
        success=lambda result: (
            _("The suggestion from paper is entered.")
            if typed()
            else _("Thank you: your suggestion was received.")
            if result.created and not anonymous()
            else None
        ),
        redirect_to=lambda result: (
            _url(request, "voice:detail", pk=result.suggestion.pk)
            if typed()
            else _url(request, "voice:thanks" if anonymous() else "voice:mine")
        ),
        template="voice/submit.html",
    )


def _row_errors(formset) -> list[str]:
    """A batch's errors, each naming its row (from 1) and field."""
    texts = [str(e) for e in formset.non_form_errors()]
    for n, form in enumerate(formset.forms, start=1):
        for name, errors in form.errors.items():
            for error in errors:
                if name == NON_FIELD_ERRORS:
                    texts.append(_("Row %(row)s: %(error)s") % {"row": n, "error": error})
                else:
                    field = form.fields[name].label
                    texts.append(
                        _("Row %(row)s, %(field)s: %(error)s")
                        % {"row": n, "field": field, "error": error}
                    )
    return texts


@requires("voice.enter_paper")
def paper_batch(request):
    """Type in a whole paper box on one page: a row per suggestion (its text, who wrote it:
    staff, student, parent or public, the name signed), the day the box was opened; saved in
    one request (every row, or none), or previewed first."""
    services.categories_ensure(org=request.org)
    token = request.POST.get("token", "")[:100] or services.new_form_token()
    rows_wanted = int_param(request, "rows", default=PAPER_ROWS, minimum=1, maximum=PAPER_ROWS_MAX)
    posted = request.POST if request.method == "POST" else None
    box = PaperBoxForm(posted, org=request.org, prefix="box")
    formset = paper_row_formset(posted, org=request.org, rows=rows_wanted)
    errors, preview = [], None
    if posted is not None:
        box_valid = box.is_valid()
        if not (formset.is_valid() and box_valid):
            errors = _form_errors_named(box) + _row_errors(formset)
        else:
            rows = _paper_rows(box.cleaned_data, formset)
            saving = "save" in request.POST
            try:
                checked = services.suggestion_batch_submit(
                    org=request.org, actor=request.user, token=token, rows=rows, dry_run=not saving
                )
            except ValidationError as refusal:
                errors = refusal.messages
            else:
                if saving:
                    messages.success(
                        request,
                        _("%(n)s suggestions from the paper box are entered.") % {"n": len(rows)},
                    )
                    return redirect(_url(request, "voice:list"))
                preview = [(row, s.title) for row, s in zip(rows, checked, strict=True)]
    context = {
        "box": box,
        "formset": formset,
        "token": token,
        "errors": errors,
        "preview": preview,
        "more_rows": min(len(formset.forms) + PAPER_ROWS, PAPER_ROWS_MAX),
    }
    return render(request, "voice/paper_batch.html", context, status=400 if errors else 200)


def _form_errors_named(form) -> list[str]:
    return [
        _("%(field)s: %(error)s") % {"field": form.fields[name].label, "error": error}
        if name in form.fields
        else error
        for name, errors in form.errors.items()
        for error in errors
    ]


def _paper_rows(box: dict, formset) -> list:
    """The filled rows of a paper box as the service takes them; a row without a category or
    date of its own takes the box's (the service refuses a row left with neither)."""
    rows = []
    for form in formset.forms:
        if not (form.has_changed() and form.cleaned_data):
            continue
        data = form.cleaned_data
        rows.append(
            services.PaperSuggestion(
                text=data["text"],
                category=data["category"] or box["category"],
                writer=data["writer"],
                submitted_on=data["submitted_on"] or box["opened_on"],
                channel=data["source"],
                name="" if data["writer"] else data["name"],
            )
        )
    return rows


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


def _filters(request, query) -> tuple[SuggestionFilterForm, selectors.SuggestionFilter]:
    """The search of the list page, read from `query` (the address, or a bulk form's copy)."""
    form = SuggestionFilterForm(query or None, org=request.org)
    filters = selectors.SuggestionFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.SuggestionFilter(
            q=data["q"],
            state=data["state"],
            category=data["category"].pk if data["category"] else None,
            channel=data["channel"],
        )
    if (theme := id_param(request, "theme", query=query)) is not None:
        filters = dataclasses.replace(filters, theme=theme)
    return form, filters


@requires("voice.manage")
def suggestion_list(request):
    services.categories_ensure(org=request.org)
    form, filters = _filters(request, request.GET)
    page = Paginator(selectors.suggestion_list(org=request.org, filters=filters), PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "counts": selectors.state_counts(org=request.org),
        "bulk_form": BulkForm(org=request.org, answerers=services.answerers(org=request.org)),
        "search": request.GET.urlencode(),
    }
    template = "voice/list.html#results" if request.htmx else "voice/list.html"
    return render(request, template, context)


@require_POST
@requires("voice.manage")
def bulk(request):
    """One action on many suggestions of the list page: route, classify or answer them, those
    ticked or every one the search finds. All of them change, or none."""
    search = QueryDict(request.POST.get("search", "")[:2000])
    back = _url(request, "voice:list") + (f"?{search.urlencode()}" if search else "")
    form = BulkForm(request.POST, org=request.org, answerers=services.answerers(org=request.org))

    def perform(data):
        if data["scope"] == "matching":
            _form, filters = _filters(request, search)
            rows = selectors.suggestion_list(org=request.org, filters=filters)
            ids = list(rows.values_list("pk", flat=True)[: services.BULK_MAX + 1])
        else:
            ids = id_list(request.POST, "ids")
        when = paper_time(data["happened_on"]) if can(request, "voice.enter_paper") else None
        if data["action"] == BulkForm.ROUTE:
            return services.suggestions_route(
                org=request.org,
                actor=request.user,
                ids=ids,
                assignee=data["assignee"],
                routed_at=when,
            )
        if data["action"] == BulkForm.CATEGORISE:
            return services.suggestions_categorise(
                org=request.org, actor=request.user, ids=ids, category=data["category"]
            )
        return services.suggestions_answer(
            org=request.org,
            actor=request.user,
            ids=ids,
            answer=data["answer"],
            adopted=data["adopted"],
            manager=True,
            answered_at=when,
        )

    return run_action(
        request,
        form=form,
        perform=perform,
        success=lambda done: _("Suggestions changed: %(n)s.") % {"n": len(done)},
        redirect_to=back,
    )


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


def _on_detail_page(request, suggestion, form_name: str) -> dict:
    """Where a committee action on a suggestion leads: back to its page; or, refused, the page
    again with the action's form and its errors."""

    def context(form) -> dict:
        # Also as `form`: the page shows the refusals it cannot show on a field.
        return _detail_context(request, suggestion, form=form, **{form_name: form})

    return {
        "redirect_to": _url(request, "voice:detail", pk=suggestion.pk),
        "template": "voice/detail.html",
        "context": context,
        "status": 400,
    }


@require_POST
@requires("voice.manage")
def categorise(request, pk: int):
    suggestion = selectors.suggestion_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=CategoryChangeForm(request.POST, org=request.org),
        perform=lambda data: services.suggestion_categorise(
            suggestion=suggestion, actor=request.user, category=data["category"]
        ),
        success=_("The category was changed."),
        **_on_detail_page(request, suggestion, "category_form"),
    )


@require_POST
@requires("voice.manage")
def merge(request, pk: int):
    suggestion = selectors.suggestion_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=MergeForm(request.POST, org=request.org),
        perform=lambda data: services.suggestion_merge(
            suggestion=suggestion, actor=request.user, original=data["original"]
        ),
        success=_("The suggestion was merged as a duplicate."),
        **_on_detail_page(request, suggestion, "merge_form"),
    )


@require_POST
@requires("voice.manage")
def route(request, pk: int):
    suggestion = selectors.suggestion_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=RouteForm(request.POST, answerers=services.answerers(org=request.org)),
        perform=lambda data: services.suggestion_route(
            suggestion=suggestion, actor=request.user, assignee=data["assignee"]
        ),
        success=_("The suggestion was sent to its responsible person."),
        **_on_detail_page(request, suggestion, "route_form"),
    )


@require_POST
@requires("voice.manage")
def publish(request, pk: int):
    suggestion = selectors.suggestion_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=PublishForm(request.POST),
        perform=lambda data: services.suggestion_publish(
            suggestion=suggestion, actor=request.user, board=data["board"]
        ),
        success=_("Where the answer is published was saved."),
        **_on_detail_page(request, suggestion, "publish_form"),
    )


@requires("voice.answer")
def inbox(request):
    """What is passed to this user to answer (a school leader's or a committee member's own
    list), with one answer for many of them at once."""
    rows = selectors.routed_to(org=request.org, user=request.user)
    form = InboxAnswerForm(request.POST or None)
    return run_action(
        request,
        form=form,
        perform=lambda data: services.suggestions_answer(
            org=request.org,
            actor=request.user,
            ids=id_list(request.POST, "ids"),
            answer=data["answer"],
            adopted=data["adopted"],
            manager=False,
        ),
        success=lambda done: _("Suggestions answered: %(n)s.") % {"n": len(done)},
        redirect_to=_url(request, "voice:inbox"),
        template="voice/inbox.html",
        context={"suggestions": rows},
        status=400,
    )


@requires("voice.answer")
def answer(request, pk: int):
    suggestion = selectors.suggestion_get(org=request.org, pk=pk)
    manager = can(request, "voice.manage")
    if not manager and suggestion.assignee_id != request.user.pk:
        raise Http404("not routed to this user")
    # Officers who type in paper records may give the day a paper answer was written.
    form_class = PaperAnswerForm if can(request, "voice.enter_paper") else AnswerForm
    if request.method == "POST":
        form = form_class(request.POST)
    else:
        form = form_class(initial={"answer": suggestion.answer, "adopted": suggestion.adopted})
    return run_action(
        request,
        form=form,
        perform=lambda data: services.suggestion_answer(
            suggestion=suggestion,
            actor=request.user,
            answer=data["answer"],
            adopted=data["adopted"],
            manager=manager,
            answered_at=paper_time(data.get("answered_on")),
        ),
        success=_("Your answer was saved."),
        redirect_to=(
            _url(request, "voice:detail", pk=suggestion.pk)
            if manager
            else _url(request, "voice:inbox")
        ),
        template="voice/answer.html",
        context={"s": suggestion},
    )


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
    # One page, two forms: the post says which one was sent.
    posted = request.POST if request.method == "POST" else None
    settings_sent = posted is not None and "settings-public_per_hour" in posted
    form = SettingsForm(posted if settings_sent else None, instance=current, prefix="settings")
    category_form = CategoryForm(None if settings_sent else posted, prefix="category")

    def context(sent_form) -> dict:
        return {
            "form": form,
            "category_form": category_form,
            "categories": selectors.categories(org=request.org),
            "settings": current,
        }

    if settings_sent:
        return run_action(
            request,
            form=form,
            perform=lambda data: services.settings_save(
                org=request.org,
                actor=request.user,
                public_enabled=data["public_enabled"],
                public_per_hour=data["public_per_hour"],
                public_intro=data["public_intro"],
            ),
            success=_("The suggestion box settings were saved."),
            redirect_to=_url(request, "voice:settings"),
            template="voice/settings.html",
            context=context,
        )

    def save_category(data):
        # A name the organisation already uses edits that category; a new name adds one.
        category = selectors.category_named(org=request.org, name=data["name"])
        return services.category_save(
            org=request.org, actor=request.user, category=category, **data
        )

    return run_action(
        request,
        form=category_form,
        perform=save_category,
        success=_("The category was saved."),
        redirect_to=_url(request, "voice:settings"),
        template="voice/settings.html",
        context=context,
    )
