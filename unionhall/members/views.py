from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.core import audit, panels
from unionhall.core.actions import run_action
from unionhall.core.excel import xlsx_response
from unionhall.core.importing import stage_upload, staged_rows
from unionhall.core.params import id_list
from unionhall.core.security import open_stored, uploaded_file_response
from unionhall.members import exports, selectors, services, slips
from unionhall.members.forms import (
    ContactForm,
    ImportUploadForm,
    MemberEventForm,
    MemberFilterForm,
    MemberForm,
)
from unionhall.members.importer import RegisterParser
from unionhall.members.models import Member, MemberImport
from unionhall.orgs import selectors as org_selectors
from unionhall.orgs import services as org_services
from unionhall.orgs.access import can, requires

PAGE_SIZE = 50


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org": request.org.code, **kwargs})


def _filters(request, *, sensitive: bool, departments=None) -> selectors.MemberFilter:
    """The list's filters as asked in the query string; none when they are not valid.
    `departments`: the organisation's, when the caller has read them already."""
    if not request.GET:
        return selectors.MemberFilter()
    form = MemberFilterForm(
        request.GET,
        departments=org_selectors.department_choices(request.org)
        if departments is None
        else departments,
        sensitive=sensitive,
    )
    if not form.is_valid():
        return selectors.MemberFilter()
    data = form.cleaned_data
    return selectors.MemberFilter(
        q=data["q"],
        department=data["department"],
        status=data["status"],
        gender=data["gender"],
        hardship=data.get("hardship") or "",
        sort=data["sort"] or "name",
    )


@requires("members.view")
def member_list(request):
    sensitive = can(request, "members.view_sensitive")
    departments = org_selectors.department_choices(request.org)
    filters = _filters(request, sensitive=sensitive, departments=departments)
    members = selectors.member_list(org=request.org, filters=filters, sensitive=sensitive)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    if sensitive:
        # The list shows who is in hardship: each one shown is a logged read (PIPL).
        audit.log_sensitive_reads(
            org=request.org,
            actor=request.user,
            model=Member,
            object_ids=[m.pk for m in page.object_list if m.hardship],
            purpose="member_list",
            fields=("hardship",),
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": MemberFilterForm(request.GET or None, departments=departments, sensitive=sensitive),
        "page": page,
        "sensitive": sensitive,
        "query": query.urlencode(),
    }
    template = "members/list.html#results" if request.htmx else "members/list.html"
    return render(request, template, context)


@requires("members.view")
def member_detail(request, pk: int):
    member = selectors.member_get(org=request.org, pk=pk)
    sensitive = can(request, "members.view_sensitive")
    if sensitive:
        audit.log_sensitive_read(
            org=request.org,
            actor=request.user,
            model=Member,
            object_id=member.pk,
            purpose="member_detail",
            fields=Member.SENSITIVE_FIELDS,
        )
    history = list(audit.history(member)[:100])
    for entry in history:
        entry.rows = entry.changes_rows(hidden=() if sensitive else Member.SENSITIVE_FIELDS)
    # The new-password button only for a viewer who may reset this login; others read why not.
    reset_refusal = None
    if member.user_id is not None and can(request, "members.edit"):
        reset_refusal = org_selectors.login_reset_refusal(
            org=request.org, actor_roles=request.roles, user=member.user
        )
    return render(
        request,
        "members/detail.html",
        {
            "member": member,
            "sensitive": sensitive,
            "reset_refusal": reset_refusal,
            "history": history,
            "events": member.events.select_related("recorded_by"),
            "event_form": MemberEventForm(),
            "panels": panels.panels_for(request, member),
        },
    )


@requires("members.view")
def member_photo(request, pk: int):
    member = selectors.member_get(org=request.org, pk=pk)
    if not member.photo:
        raise Http404
    return uploaded_file_response(open_stored(member.photo))


def _member_form_data(form: MemberForm) -> dict:
    data = dict(form.cleaned_data)
    if not data.get("photo"):
        data.pop("photo", None)
    return data


@requires("members.edit")
def member_create(request):
    sensitive = can(request, "members.view_sensitive")
    form = MemberForm(
        request.POST or None, request.FILES or None, org=request.org, sensitive=sensitive
    )
    return run_action(
        request,
        form=form,
        perform=lambda data: services.member_create(
            org=request.org, actor=request.user, data=_member_form_data(form)
        ),
        success=lambda member: _("%(name)s was added to the register.") % {"name": member.name},
        redirect_to=lambda member: _url(request, "members:detail", pk=member.pk),
        template="members/form.html",
        context={"sensitive": sensitive, "member": None},
    )


@requires("members.edit")
def member_edit(request, pk: int):
    member = selectors.member_get(org=request.org, pk=pk)
    sensitive = can(request, "members.view_sensitive")
    form = MemberForm(
        request.POST or None,
        request.FILES or None,
        instance=member,
        org=request.org,
        sensitive=sensitive,
    )
    return run_action(
        request,
        form=form,
        perform=lambda data: services.member_update(
            member=member, actor=request.user, data=_member_form_data(form)
        ),
        success=_("The changes were saved."),
        redirect_to=_url(request, "members:detail", pk=member.pk),
        template="members/form.html",
        context={"sensitive": sensitive, "member": member},
    )


@require_POST
@requires("members.edit")
def member_event(request, pk: int):
    member = selectors.member_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=MemberEventForm(request.POST),
        perform=lambda data: services.member_record_event(
            member=member, actor=request.user, **data
        ),
        success=_("The event was recorded."),
        redirect_to=_url(request, "members:detail", pk=member.pk),
    )


@requires("members.export")
def member_export(request):
    sensitive = can(request, "members.view_sensitive")
    filters = _filters(request, sensitive=sensitive)
    members = selectors.member_list(org=request.org, filters=filters, sensitive=sensitive)
    if sensitive:
        audit.log_sensitive_read(
            org=request.org,
            actor=request.user,
            model=Member,
            object_id=None,
            purpose="member_export",
            fields=Member.SENSITIVE_FIELDS,
        )
        # And one per member in the file, for each member's "who read my data".
        audit.log_sensitive_reads(
            org=request.org,
            actor=request.user,
            model=Member,
            object_ids=members.values_list("pk", flat=True),
            purpose="member_export",
            fields=Member.SENSITIVE_FIELDS,
        )
    content = exports.register_bytes(members=members, sensitive=sensitive)
    return xlsx_response(content, _("member-register-%(org)s.xlsx") % {"org": request.org.code})


@requires("members.import")
def import_template(request):
    return xlsx_response(exports.template_bytes(org=request.org), _("member-import-template.xlsx"))


@requires("members.import")
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    batch = result = None
    if request.method == "POST":
        batch, result = stage_upload(
            form=form,
            parser_class=RegisterParser,
            batch_model=MemberImport,
            org=request.org,
            user=request.user,
        )
        if batch is not None:
            return redirect("members:import_preview", org=request.org.code, pk=batch.pk)
    return render(request, "members/import.html", {"form": form, "result": result})


@requires("members.import")
def import_preview(request, pk: int):
    batch = get_object_or_404(MemberImport, org=request.org, pk=pk)
    if batch.state != MemberImport.State.PREVIEW:
        messages.info(request, _("This file has already been imported."))
        return redirect("members:list", org=request.org.code)
    result = RegisterParser(org=request.org).parse(staged_rows(batch))
    if request.method == "POST" and result.ok:
        try:
            created = services.members_import(
                org=request.org, actor=request.user, batch=batch, rows=result.rows
            )
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
            return redirect("members:list", org=request.org.code)
        messages.success(request, _("%(n)d members were imported.") % {"n": len(created)})
        return redirect("members:list", org=request.org.code)
    return render(
        request,
        "members/import_preview.html",
        {"batch": batch, "result": result, "preview_rows": result.rows[:100]},
    )


@requires("members.self")
def my_profile(request):
    member = selectors.member_of_user(org=request.org, user=request.user)
    if member is None:
        return render(request, "members/me.html", {"member": None, "form": None})
    return run_action(
        request,
        form=ContactForm(request.POST or None, instance=member),
        perform=lambda data: services.member_update_contact(
            member=member, actor=request.user, mobile=data["mobile"]
        ),
        success=_("Your contact details were saved."),
        redirect_to=_url(request, "members:me"),
        template="members/me.html",
        context={"member": member, "panels": panels.panels_for(request, member)},
    )


@require_POST
@requires("members.edit")
def member_login(request, pk: int):
    """Create the member's login, or give them a new password (only where `login_rights`
    allows: never a chair's, an officer's only by the chair). The password is shown once and
    must be changed at the next login."""
    member = selectors.member_get(org=request.org, pk=pk)

    def perform(data):
        if member.user is None:
            return services.member_login_create(
                member=member, actor=request.user, username=request.POST.get("username", "")
            )
        password = org_services.password_reset(
            org=request.org, actor=request.user, user=member.user
        )
        return member.user, password

    def success(login) -> str:
        user, password = login
        return " ".join(
            [
                _("Login “%(username)s”, password “%(password)s”.")
                % {"username": user.username, "password": password},
                _(
                    "Give it to the member, who chooses their own at the next login; "
                    "it is not shown again."
                ),
            ]
        )

    return run_action(
        request,
        form=None,
        perform=perform,
        success=success,
        redirect_to=_url(request, "members:detail", pk=member.pk),
    )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _slips_response(request, issued, filename: str) -> HttpResponse:
    """The printed slips, straight from the request that made the passwords: they are stored
    only hashed, so this is the one time they can be printed."""
    base = settings.UNIONHALL_SITE_URL or request.build_absolute_uri("/").rstrip("/")
    content = slips.login_slips(
        [slips.Slip(name=m.name, username=u.username, password=p) for m, u, p in issued],
        school=request.org.name,
        login_url=base + reverse("login"),
    )
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires("members.edit")
def logins_issue(request):
    """Logins for many members at once: those ticked, or all without one. The answer is the
    .docx of login slips, one per member, with a one-time password each (shown only there)."""
    waiting = selectors.without_login(org=request.org)
    if request.method == "POST":
        if request.POST.get("all"):
            chosen = list(waiting)
        else:
            chosen = list(waiting.filter(pk__in=id_list(request.POST, "members")))
        try:
            issued = services.member_logins_issue(
                org=request.org, actor=request.user, members=chosen
            )
        except ValidationError as refused:
            for message in refused.messages:
                messages.error(request, message)
        else:
            return _slips_response(request, issued, "login-slips.docx")
    return render(request, "members/logins.html", {"waiting": waiting})


@require_POST
@requires("members.edit")
def login_slip(request, pk: int):
    """A new one-time password for one member (a login first if they have none), printed on a
    slip: the reset where `login_rights` allows it."""
    member = selectors.member_get(org=request.org, pk=pk)
    try:
        if member.user_id is None:
            issued = services.member_logins_issue(
                org=request.org, actor=request.user, members=[member]
            )
        else:
            password = org_services.password_reset(
                org=request.org, actor=request.user, user=member.user
            )
            issued = [(member, member.user, password)]
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect(_url(request, "members:detail", pk=member.pk))
    return _slips_response(request, issued, f"login-slip-{member.pk}.docx")
