"""Pages of activities: the list, an activity with its sign-ups, sessions, attendance and costs;
sign-up and check-in for members on a phone; the organiser's QR code and ticking list."""

from functools import partial

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.activities import importer, selectors, services
from unionhall.activities.forms import (
    ActivityForm,
    CancelForm,
    CostForm,
    PaperForm,
    SessionForm,
    SignInUploadForm,
    SignUpForm,
    questions_text,
)
from unionhall.activities.models import AttendanceImport, Session, SignUp
from unionhall.core.actions import run_action
from unionhall.core.excel import xlsx_response
from unionhall.core.importing import stage_upload, staged_rows
from unionhall.core.params import id_list, id_param
from unionhall.core.periods import AUTUMN, SPRING, Period, school_year_of
from unionhall.members.models import Member
from unionhall.members.selectors import member_of_user
from unionhall.orgs.access import can, requires

PAGE_SIZE = 50


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org": request.org.code, **kwargs})


def _terms(today) -> list[tuple[str, str, Period]]:
    """The school years and semesters the list can show: this school year and two before."""
    first = school_year_of(today)
    terms = []
    for year in range(first, first - 3, -1):
        terms.append(
            (
                str(year),
                _("School year %(year)s") % {"year": f"{year}-{year + 1}"},
                Period.school_year(year),
            )
        )
        terms.append(
            (
                f"{year}-{AUTUMN}",
                _("Autumn semester %(year)s") % {"year": year},
                Period.semester(year, AUTUMN),
            )
        )
        terms.append(
            (
                f"{year}-{SPRING}",
                _("Spring semester %(year)s") % {"year": year + 1},
                Period.semester(year, SPRING),
            )
        )
    return terms


@requires("activities.view")
def activity_list(request):
    terms = _terms(timezone.localdate())
    term = request.GET.get("term", terms[0][0])
    chosen = next((t for t in terms if t[0] == term), None)
    kind_id = id_param(request, "kind")
    rows = selectors.activity_list(
        org=request.org,
        kind=kind_id,
        start=chosen[2].start if chosen else None,
        end=chosen[2].end if chosen else None,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/list.html",
        {
            "page": page,
            "terms": terms,
            "term": term if chosen else "",
            "kinds": selectors.kinds(org=request.org),
            "kind": kind_id,
        },
    )


def _organiser_view(request, activity) -> bool:
    return can(request, "activities.manage")


@requires("activities.view")
def activity_detail(request, pk: int):
    activity = selectors.activity_get(org=request.org, pk=pk)
    manage = _organiser_view(request, activity)
    signups = list(selectors.signups_of(activity))
    member = member_of_user(org=request.org, user=request.user)
    mine = next(
        (
            s
            for s in signups
            if member and s.member_id == member.pk and s.status != SignUp.Status.WITHDRAWN
        ),
        None,
    )
    sessions = list(selectors.sessions_of(activity))
    context = {
        "activity": activity,
        "sessions": sessions,
        # Attendance recorded: it took place, and is shortened rather than cancelled.
        "held": any(session.present for session in sessions),
        "signed_up": [s for s in signups if s.status == SignUp.Status.SIGNED_UP],
        "waiting": [s for s in signups if s.status == SignUp.Status.WAITING],
        "withdrawn": [s for s in signups if s.status == SignUp.Status.WITHDRAWN],
        "participation": selectors.participation(activity),
        "mine": mine,
        "member": member,
        "manage": manage,
        "today_session": selectors.session_on(activity, timezone.localdate()),
    }
    if manage or can(request, "funds.view"):
        context["costs"] = selectors.activity_costs(org=request.org, activity=activity)
    return render(request, "activities/detail.html", context)


def _activity_initial(activity) -> dict:
    return {
        "kind": activity.kind_id,
        "title": activity.title,
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "place": activity.place,
        "organiser": activity.organiser_id,
        "target": activity.target,
        "target_department": activity.target_department_id,
        "target_club": activity.target_club_id,
        "audience_members": activity.audience_members,
        "budget_category": activity.budget_category,
        "recurring": activity.recurring,
        "signup_required": activity.signup_required,
        "signup_opens_at": activity.signup_opens_at,
        "signup_closes_at": activity.signup_closes_at,
        "capacity": activity.capacity,
        "questions": questions_text(activity.signup_fields),
        "description": activity.description,
    }


@requires("activities.manage")
def activity_create(request):
    services.activity_kinds_seed(org=request.org)
    form = ActivityForm(
        request.POST or None,
        org=request.org,
        initial={"organiser": request.user.pk, "starts_on": timezone.localdate()},
    )
    return run_action(
        request,
        form=form,
        perform=lambda data: services.activity_create(org=request.org, actor=request.user, **data),
        redirect_to=lambda activity: _url(request, "activities:detail", pk=activity.pk),
        success=_("The activity is saved."),
        template="activities/form.html",
        context={"heading": _("New activity")},
    )


@requires("activities.manage")
def activity_edit(request, pk: int):
    activity = selectors.activity_get(org=request.org, pk=pk)
    if activity.cancelled_at:
        messages.info(request, _("A cancelled activity is kept as it was called off."))
        return redirect(_url(request, "activities:detail", pk=activity.pk))
    form = ActivityForm(request.POST or None, org=request.org, initial=_activity_initial(activity))

    def perform(data):
        data.pop("session_dates", None)
        return services.activity_update(activity=activity, actor=request.user, **data)

    return run_action(
        request,
        form=form,
        perform=perform,
        redirect_to=_url(request, "activities:detail", pk=activity.pk),
        success=_("The activity is saved."),
        template="activities/form.html",
        context={"heading": _("Change the activity"), "activity": activity},
    )


@requires("activities.manage")
def activity_cancel(request, pk: int):
    """Call the activity off, with the reason; the page says who will be told."""
    activity = selectors.activity_get(org=request.org, pk=pk)
    if activity.cancelled_at:
        messages.info(request, _("This activity has already been cancelled."))
        return redirect(_url(request, "activities:detail", pk=activity.pk))
    told = list(selectors.signups_to_tell(activity))
    return run_action(
        request,
        form=CancelForm(request.POST or None),
        perform=lambda data: services.activity_cancel(
            activity=activity, actor=request.user, reason=data["reason"]
        ),
        redirect_to=_url(request, "activities:detail", pk=activity.pk),
        success=_("The activity is cancelled."),
        template="activities/cancel.html",
        context={
            "activity": activity,
            "signed_up": len(told),
            "with_login": sum(1 for signup in told if signup.member.user_id),
        },
    )


def _me(request) -> Member:
    member = member_of_user(org=request.org, user=request.user)
    if member is None:
        raise Http404("no member of the register for this login")
    return member


@requires("activities.join")
def signup(request, pk: int):
    activity = selectors.activity_get(org=request.org, pk=pk)
    member = member_of_user(org=request.org, user=request.user)
    form = SignUpForm(request.POST or None, activity=activity)

    def perform(data):
        if member is None:
            raise ValidationError(_("Your login is not linked to a member of the register."))
        return services.signup_create(
            activity=activity, member=member, actor=request.user, answers=data
        )

    def success(result):
        if result.status == SignUp.Status.WAITING:
            return _("The places are taken: you are on the waiting list.")
        return _("You are signed up.")

    return run_action(
        request,
        form=form,
        perform=perform,
        redirect_to=_url(request, "activities:detail", pk=activity.pk),
        success=success,
        template="activities/signup.html",
        context={
            "activity": activity,
            "mine": member and selectors.signup_of(activity=activity, member=member),
        },
    )


@require_POST
@requires("activities.join")
def withdraw(request, pk: int):
    activity = selectors.activity_get(org=request.org, pk=pk)
    member = _me(request)
    mine = selectors.signup_of(activity=activity, member=member)
    if mine is None:
        raise Http404("not signed up")
    return run_action(
        request,
        form=None,
        perform=lambda data: services.signup_withdraw(signup=mine, actor=request.user),
        redirect_to=_url(request, "activities:detail", pk=activity.pk),
        success=_("You have withdrawn."),
    )


@requires("activities.join")
def my_activities(request):
    member = member_of_user(org=request.org, user=request.user)
    now = timezone.now()
    mine = []
    if member is not None:
        mine = list(selectors.my_activities(org=request.org, member=member)[:100])
    return render(
        request,
        "activities/mine.html",
        {
            "member": member,
            "mine": mine,
            "open": list(selectors.open_for_signup(org=request.org, now=now)[:50]),
        },
    )


# Check-in --------------------------------------------------------------------------------------


@requires("activities.manage")
def qr_code(request, pk: int):
    """The organiser's page: today's QR code (inline SVG), for members to scan on arrival."""
    activity = selectors.activity_get(org=request.org, pk=pk)
    session = (
        None if activity.cancelled_at else selectors.session_on(activity, timezone.localdate())
    )
    context = {"activity": activity, "session": session}
    if session is not None:
        url = request.build_absolute_uri(
            _url(
                request,
                "activities:checkin",
                pk=activity.pk,
                token=services.checkin_token(session),
            )
        )
        context["url"] = url
        context["svg"] = segno.make(url, error="m").svg_inline(scale=6, title=activity.title)
        context["present"] = session.attendances.count()
    return render(request, "activities/qr.html", context)


@requires("activities.join")
def checkin(request, pk: int, token: str):
    """A member scanned the QR code: check them in once. A plain page without the site's
    navigation, quick to answer a crowd at the gate, working without JavaScript."""
    context = {}
    try:
        session = services.checkin_session(
            org=request.org, activity_id=pk, token=token, today=timezone.localdate()
        )
        context["activity"] = session.activity
        member = selectors.checkin_member(org=request.org, user=request.user)
        if member is None:
            raise ValidationError(
                _(
                    "Your login is not linked to a member of the register; ask the organiser to "
                    "tick your name."
                )
            )
        attendance, created = services.checkin(session=session, member=member, actor=request.user)
    except ValidationError as refusal:
        context["refusal"] = refusal.messages[0]
        return render(request, "activities/checkin.html", context, status=400)
    context.update({"attendance": attendance, "created": created, "member": member})
    return render(request, "activities/checkin.html", context)


@requires("activities.manage")
def session_attendance(request, pk: int, session: int):
    """The session's attendance grid: one tick box per member of the audience (and anyone
    already recorded), saved in one request; or the shortcuts "all present" and "absent: …"
    (the names of those who were not there, everyone else present)."""
    activity = selectors.activity_get(org=request.org, pk=pk)
    session = get_object_or_404(Session, org=request.org, activity=activity, pk=session)
    present = selectors.attendance_by_member(session)
    group = list(selectors.grid_members(activity, session.date))
    in_group = {m.pk for m in group}
    extra = [a.member for a in present.values() if a.member_id not in in_group]
    if request.method == "POST":
        action = request.POST.get("action", "grid")
        try:
            if action in ("all", "absent"):
                added = services.attendance_all_present(
                    session=session,
                    actor=request.user,
                    group=group,
                    absent_names=request.POST.get("absent", "") if action == "absent" else "",
                )
            else:
                ticked = set(id_list(request.POST, "present"))
                shown = set(id_list(request.POST, "shown"))
                members = {m.pk: m for m in [*group, *extra]}
                added = services.attendance_tick(
                    session=session,
                    actor=request.user,
                    present=[members[i] for i in ticked if i in members],
                    absent=[members[i] for i in shown - ticked if i in members],
                )
        except ValidationError as refusal:
            for text in refusal.messages:
                messages.error(request, text)
            if action == "absent":
                # The typed names come back to be corrected, not typed again.
                rows = [(m, present.get(m.pk)) for m in [*group, *extra]]
                return render(
                    request,
                    "activities/session.html",
                    {
                        "activity": activity,
                        "session": session,
                        "rows": rows,
                        "count": len(present),
                        "absent": request.POST.get("absent", ""),
                    },
                    status=400,
                )
        else:
            messages.success(request, _("Attendance saved: %(n)d ticked now.") % {"n": added})
        return redirect(_url(request, "activities:session", pk=activity.pk, session=session.pk))
    rows = [(m, present.get(m.pk)) for m in [*group, *extra]]
    return render(
        request,
        "activities/session.html",
        {"activity": activity, "session": session, "rows": rows, "count": len(present)},
    )


@requires("activities.manage")
def session_add(request, pk: int):
    activity = selectors.activity_get(org=request.org, pk=pk)
    return run_action(
        request,
        form=SessionForm(request.POST or None, initial={"date": timezone.localdate()}),
        perform=lambda data: services.session_add(activity=activity, actor=request.user, **data),
        redirect_to=_url(request, "activities:detail", pk=activity.pk),
        success=_("The session is added."),
        template="activities/small_form.html",
        context={"activity": activity, "heading": _("Add a session")},
    )


@requires("activities.manage")
def paper(request, pk: int):
    activity = selectors.activity_get(org=request.org, pk=pk)
    form = PaperForm(request.POST or None, org=request.org)
    return run_action(
        request,
        form=form,
        perform=lambda data: services.attendance_from_paper(
            activity=activity, actor=request.user, **data
        ),
        redirect_to=_url(request, "activities:detail", pk=activity.pk),
        success=lambda n: _("%(n)d attendances typed in from the paper list.") % {"n": n},
        template="activities/paper.html",
        context={"activity": activity},
    )


@requires("activities.manage")
def sheet_template(request, pk: int):
    selectors.activity_get(org=request.org, pk=pk)
    return xlsx_response(importer.template_bytes(), _("sign-in-sheet-template.xlsx"))


@requires("activities.manage")
def sheet_upload(request, pk: int):
    """A sign-in sheet typed up from paper (.xlsx): checked, every error named by row and
    column; a file without errors goes on to the preview."""
    activity = selectors.activity_get(org=request.org, pk=pk)
    form = SignInUploadForm(request.POST or None, request.FILES or None)
    batch = result = None
    if request.method == "POST":
        batch, result = stage_upload(
            form=form,
            parser_class=partial(
                importer.SignInParser, activity=activity, today=timezone.localdate()
            ),
            batch_model=AttendanceImport,
            org=request.org,
            user=request.user,
            fields={"activity": activity},
        )
        if batch is not None:
            return redirect(
                _url(request, "activities:sheet_preview", pk=activity.pk, batch=batch.pk)
            )
    return render(
        request,
        "activities/sheet.html",
        {"activity": activity, "form": form, "result": result},
    )


@requires("activities.manage")
def sheet_preview(request, pk: int, batch: int):
    activity = selectors.activity_get(org=request.org, pk=pk)
    batch = get_object_or_404(AttendanceImport, org=request.org, activity=activity, pk=batch)
    if batch.state != AttendanceImport.State.PREVIEW:
        messages.info(request, _("This file has already been imported."))
        return redirect(_url(request, "activities:detail", pk=activity.pk))
    parser = importer.SignInParser(org=request.org, activity=activity, today=timezone.localdate())
    result = parser.parse(staged_rows(batch))
    if request.method == "POST" and result.ok:
        return run_action(
            request,
            form=None,
            perform=lambda data: services.attendance_import(
                activity=activity, actor=request.user, batch=batch, rows=result.rows
            ),
            success=lambda n: _("%(n)d attendances typed in from the paper list.") % {"n": n},
            redirect_to=_url(request, "activities:detail", pk=activity.pk),
        )
    days: dict = {}
    for row in result.rows:
        days.setdefault(row["date"], []).append(row["member"].name)
    return render(
        request,
        "activities/sheet_preview.html",
        {
            "activity": activity,
            "batch": batch,
            "result": result,
            "days": sorted(days.items()),
        },
    )


@requires("activities.manage")
def cost(request, pk: int):
    activity = selectors.activity_get(org=request.org, pk=pk)
    form = CostForm(request.POST or None, initial={"date": timezone.localdate()})
    return run_action(
        request,
        form=form,
        perform=lambda data: services.activity_cost_post(
            activity=activity, actor=request.user, **data
        ),
        redirect_to=_url(request, "activities:detail", pk=activity.pk),
        success=_("The cost is posted to the funds ledger."),
        template="activities/small_form.html",
        context={"activity": activity, "heading": _("Post a cost to the ledger")},
    )
