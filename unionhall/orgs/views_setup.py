"""Setting up a school without a developer: the district's school pages (create, edit, rename,
archive, name the chair), the chair's set-up pages (departments, school year, congress body), and
the password change a one-time password leads to."""

from django import forms
from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from unionhall.core import checklist
from unionhall.core.actions import run_action
from unionhall.core.forms import StyledForm
from unionhall.core.periods import school_year_of
from unionhall.orgs import selectors, services
from unionhall.orgs.access import can, requires
from unionhall.orgs.models import Department, Organisation
from unionhall.orgs.roles import Role


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SchoolForm(StyledForm, forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the school union"), max_length=100)
    code = forms.SlugField(
        label=gettext_lazy("Short code"),
        max_length=40,
        help_text=gettext_lazy(
            "Letters, digits and hyphens; it appears in the school's addresses."
        ),
    )
    school_type = forms.ChoiceField(
        label=gettext_lazy("School type"), choices=Organisation.SchoolType.choices
    )
    staff_count = forms.IntegerField(label=gettext_lazy("Number of staff"), min_value=1)


class SchoolEditForm(StyledForm, forms.Form):
    school_type = forms.ChoiceField(
        label=gettext_lazy("School type"), choices=Organisation.SchoolType.choices
    )
    staff_count = forms.IntegerField(label=gettext_lazy("Number of staff"), min_value=1)


class RenameForm(StyledForm, forms.Form):
    name = forms.CharField(label=gettext_lazy("New name"), max_length=100)
    effective_on = forms.DateField(
        label=gettext_lazy("In use from"), widget=_date_input(), required=False
    )


class ChairForm(StyledForm, forms.Form):
    display_name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    username = forms.CharField(
        label=gettext_lazy("Username"),
        max_length=150,
        help_text=gettext_lazy("The staff number or the mobile number."),
    )


def _schools_url(request) -> str:
    return reverse("district_schools", kwargs={"org": request.org.code})


def _school(request, code: str) -> Organisation:
    return get_object_or_404(Organisation, parent=request.org, code=code)


@requires("district.schools")
def district_schools(request):
    """The district's schools to set up: create one, and for each its edit, rename, chair and
    archive."""
    schools = selectors.schools_with_former_names(district=request.org)
    return run_action(
        request,
        form=SchoolForm(request.POST or None),
        perform=lambda data: services.school_create(
            district=request.org, actor=request.user, **data
        ),
        success=lambda school: (
            _("The school union “%(name)s” was created: now name its chair.")
            % {"name": school.name}
        ),
        redirect_to=lambda school: reverse(
            "district_school", kwargs={"org": request.org.code, "school": school.code}
        ),
        template="orgs/schools.html",
        context={
            "active": [s for s in schools if s.archived_at is None],
            "archived": [s for s in schools if s.archived_at is not None],
        },
    )


@requires("district.schools")
def district_school(request, school: str):
    """One school: its details, its chairs, and the forms to edit, rename and name a chair."""
    found = _school(request, school)
    here = reverse("district_school", kwargs={"org": request.org.code, "school": found.code})
    context = {
        "school": found,
        "chairs": found.role_assignments.filter(role=Role.CHAIR).select_related("user"),
        "former_names": found.former_names.all(),
        "edit_form": SchoolEditForm(
            initial={"school_type": found.school_type, "staff_count": found.staff_count}
        ),
        "rename_form": RenameForm(),
        "chair_form": ChairForm(),
    }
    action = request.POST.get("action", "")
    if action == "edit":
        form = SchoolEditForm(request.POST)
        context["edit_form"] = form
        perform = lambda data: services.school_update(  # noqa: E731
            district=request.org, actor=request.user, school=found, **data
        )
        success = _("The school's details were saved.")
    elif action == "rename":
        form = RenameForm(request.POST)
        context["rename_form"] = form
        perform = lambda data: services.school_rename(  # noqa: E731
            district=request.org, actor=request.user, school=found, **data
        )
        success = _("The school was renamed; its former name stays on earlier documents.")
    else:
        form = ChairForm(request.POST or None)
        context["chair_form"] = form
        perform = lambda data: services.chair_appoint(  # noqa: E731
            district=request.org, actor=request.user, school=found, **data
        )
        success = _chair_login_given

    return run_action(
        request,
        form=form,
        perform=perform,
        success=success,
        redirect_to=here,
        template="orgs/school.html",
        context=lambda form: context,
    )


def _chair_login_given(login) -> str:
    user, password = login
    return " ".join(
        [
            _("Chair's login “%(username)s”, one-time password “%(password)s”.")
            % {"username": user.username, "password": password},
            _(
                "Give it to the chair, who chooses a new one at the first login; "
                "it is not shown again."
            ),
        ]
    )


@require_POST
@requires("district.schools")
def district_chair_password(request, school: str, pk: int):
    """Give a school's chair a new one-time password: only the district may (login_rights)."""
    found = _school(request, school)
    chair = get_object_or_404(selectors.logins_of(org=found), pk=pk)
    return run_action(
        request,
        form=None,
        perform=lambda data: (
            chair,
            services.chair_password_reset(
                district=request.org, actor=request.user, school=found, user=chair
            ),
        ),
        success=_chair_login_given,
        redirect_to=reverse(
            "district_school", kwargs={"org": request.org.code, "school": found.code}
        ),
    )


@require_POST
@requires("district.schools")
def district_school_archive(request, school: str):
    found = _school(request, school)
    restoring = found.archived_at is not None
    service = services.school_restore if restoring else services.school_archive
    return run_action(
        request,
        form=None,
        perform=lambda data: service(district=request.org, actor=request.user, school=found),
        success=_("The school was restored.") if restoring else _("The school was archived."),
        redirect_to=_schools_url(request),
    )


# The chair's own set-up.


class DepartmentForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Department
        fields = ("name", "kind", "sort_order", "is_frontline")


@requires("orgs.setup")
def departments(request):
    return run_action(
        request,
        form=DepartmentForm(request.POST or None),
        perform=lambda data: services.department_create(
            org=request.org, actor=request.user, **data
        ),
        success=lambda department: (
            _("The department “%(name)s” was added.") % {"name": department.name}
        ),
        redirect_to=reverse("departments", kwargs={"org": request.org.code}),
        template="orgs/departments.html",
        context={"departments": selectors.departments(org=request.org)},
    )


@requires("orgs.setup")
def department_edit(request, pk: int):
    department = get_object_or_404(Department, org=request.org, pk=pk)
    initial = {f: getattr(department, f) for f in DepartmentForm.Meta.fields}
    return run_action(
        request,
        form=DepartmentForm(request.POST or None, initial=initial),
        perform=lambda data: services.department_update(
            org=request.org, actor=request.user, department=department, **data
        ),
        success=_("The department was saved."),
        redirect_to=reverse("departments", kwargs={"org": request.org.code}),
        template="orgs/form.html",
        context={"heading": department.name},
    )


class SchoolYearForm(StyledForm, forms.Form):
    start_year = forms.IntegerField(
        label=gettext_lazy("School year starting in"), min_value=2000, max_value=2100
    )
    starts_on = forms.DateField(label=gettext_lazy("First day"), widget=_date_input())
    ends_on = forms.DateField(label=gettext_lazy("Last day"), widget=_date_input())


class CongressFormForm(StyledForm, forms.Form):
    congress_form = forms.ChoiceField(
        label=gettext_lazy("Democratic management body"), required=False, choices=()
    )

    def __init__(self, *args, org: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        by_rule = Organisation.CongressForm(org.congress_form_by_rule).label
        self.fields["congress_form"].choices = [
            ("", _("By the number of staff (now: %(body)s)") % {"body": by_rule}),
            *Organisation.CongressForm.choices,
        ]


@requires("orgs.setup")
def school_setup(request):
    """The school year's dates and whether the school holds a 教代会 or a 教职工大会."""
    org = request.org
    today = timezone.localdate()
    current = selectors.school_year_containing(org, today)
    year_form = SchoolYearForm(
        initial={
            "start_year": school_year_of(today),
            "starts_on": current.start,
            "ends_on": current.end,
        }
    )
    body_form = CongressFormForm(org=org, initial={"congress_form": org.congress_form})
    here = reverse("school_setup", kwargs={"org": org.code})
    if request.POST.get("action") == "body":
        body_form = CongressFormForm(request.POST, org=org)
        form, success = body_form, _("The democratic management body was saved.")
        perform = lambda data: services.congress_form_set(  # noqa: E731
            org=org, actor=request.user, **data
        )
    else:
        year_form = SchoolYearForm(request.POST or None, initial=year_form.initial)
        form, success = year_form, _("The school year's dates were saved.")
        perform = lambda data: services.school_year_set(  # noqa: E731
            org=org, actor=request.user, **data
        )
    return run_action(
        request,
        form=form,
        perform=perform,
        success=success,
        redirect_to=here,
        template="orgs/setup.html",
        context=lambda form: {
            "year_form": year_form,
            "body_form": body_form,
            "years": selectors.school_years(org=org),
            "body_in_force": Organisation.CongressForm(org.congress_form_in_force).label,
            "settings_min_staff": settings.CONGRESS_MIN_STAFF,
        },
    )


@requires("orgs.setup")
def setup_checklist(request):
    """The first-run checklist, each item ticked by its records; the home page loads it as a
    fragment, so the home page's own queries stay as they are."""
    steps = checklist.checklist(request.org, lambda capability: can(request, capability))
    template = "orgs/checklist.html#checklist" if request.htmx else "orgs/checklist.html"
    return render(
        request,
        template,
        {"steps": steps, "done": sum(step.done for step in steps), "total": len(steps)},
    )
