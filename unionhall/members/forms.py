from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from unionhall.core import idcard
from unionhall.core.forms import StyledForm
from unionhall.core.images import PhotoField
from unionhall.members.models import Gender, Hardship, Member, MemberEvent, Status
from unionhall.orgs.models import Department

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberForm(StyledForm, forms.ModelForm):
    photo = PhotoField(label=_("Photo"), required=False)

    class Meta:
        model = Member
        fields = [
            "name",
            "gender",
            "birth_date",
            "lunar_birthday",
            "id_number",
            "mobile",
            "department",
            "post",
            "joined_on",
            "hardship",
            "hardship_note",
            "notes",
            "photo",
        ]
        widgets = {"birth_date": DATE_WIDGET, "joined_on": DATE_WIDGET}

    def __init__(self, *args, org, sensitive: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        self.fields["department"].queryset = Department.objects.filter(org=org)
        if not sensitive:
            for name in ("hardship", "hardship_note"):
                del self.fields[name]
            if self.instance.pk:
                del self.fields["id_number"]

    def clean_id_number(self):
        try:
            number = idcard.validate(self.cleaned_data["id_number"])
        except idcard.IdNumberError as error:
            raise ValidationError(str(error)) from None
        clash = Member.objects.filter(org=self.org, id_number=number).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("This ID card number is already on the register."))
        return number

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("id_number")
        if (
            number
            and cleaned.get("birth_date")
            and cleaned["birth_date"] != idcard.birth_date_of(number)
        ):
            self.add_error("birth_date", _("does not match the ID card number"))
        if number and cleaned.get("gender") and cleaned["gender"] != idcard.gender_of(number):
            self.add_error("gender", _("does not match the ID card number"))
        return cleaned

    def _post_clean(self):
        # The service validates and saves the instance; keep ModelForm from validating twice.
        pass


class MemberEventForm(StyledForm, forms.Form):
    kind = forms.ChoiceField(
        label=_("event"),
        choices=[
            (k.value, k.label)
            for k in (
                MemberEvent.Kind.RETIRE,
                MemberEvent.Kind.TRANSFER_OUT,
                MemberEvent.Kind.DEATH,
            )
        ],
    )
    date = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("note"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Note (optional)")}),
    )


class ContactForm(StyledForm, forms.ModelForm):
    class Meta:
        model = Member
        fields = ["mobile"]

    def clean_mobile(self):
        mobile = self.cleaned_data["mobile"].replace(" ", "").replace("-", "")
        if mobile and not (len(mobile) == 11 and mobile.isdigit() and mobile.startswith("1")):
            raise ValidationError(_("Enter an 11-digit mobile number."))
        return mobile

    def _post_clean(self):
        pass


class MemberFilterForm(StyledForm, forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    department = forms.TypedChoiceField(
        label=_("department"), coerce=int, empty_value=None, required=False
    )
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("All statuses")), *Status.choices], required=False
    )
    gender = forms.ChoiceField(
        label=_("gender"), choices=[("", _("All genders")), *Gender.choices], required=False
    )
    hardship = forms.ChoiceField(
        label=_("hardship"),
        choices=[("", _("Hardship: all")), ("any", _("Any hardship")), *Hardship.choices[1:]],
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("sort"),
        choices=[
            ("name", _("Name")),
            ("department", _("Department")),
            ("-joined", _("Joined, newest first")),
            ("joined", _("Joined, oldest first")),
            ("birth", _("Oldest first")),
            ("-birth", _("Youngest first")),
        ],
        required=False,
    )

    def __init__(self, *args, departments: list[tuple[int, str]], sensitive: bool, **kwargs):
        """`departments`: the organisation's (pk, name) pairs, read once as plain values (a
        model choice field would load them as models, each time it is shown)."""
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments")), *departments]
        if not sensitive:
            del self.fields["hardship"]


class ImportUploadForm(StyledForm, forms.Form):
    file = forms.FileField(label=_("Register file (.xlsx)"))
