"""The congress's rules (quorum, pass mark, co-signers) and who may enter
a paper record for a representative."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.congress.models import CongressRules, Representative, Term
from unionhall.core import audit
from unionhall.core.i18n import Msg
from unionhall.orgs.capabilities import allows
from unionhall.orgs.models import RoleAssignment

DENOMINATORS = ("quorum_denominator", "pass_denominator")

# Kept in the catalogue: attendance entries written before they carried their day.
gettext_noop("Attendance: %(present)s of %(total)s present")


def rules_for(org) -> CongressRules:
    """The organisation's rules, or the defaults (unsaved) when it has set none."""
    return CongressRules.objects.filter(org=org).first() or CongressRules(org=org)


def new_submission_token() -> str:
    return uuid.uuid4().hex


def _roles(org, user) -> frozenset[str]:
    return frozenset(
        RoleAssignment.objects.filter(org=org, user=user).values_list("role", flat=True)
    )


def _check_paper(org, actor) -> None:
    """Only officers with `congress.enter_paper` type in what someone else did on paper."""
    if not allows(_roles(org, actor), "congress.enter_paper"):
        raise ValidationError(
            {
                "on_behalf_of": _(
                    "You may not enter paper records on behalf of someone else: ask the union "
                    "chair or the organisation committee member."
                )
            }
        )


def _paper_representative(org, term: Term, rep: Representative) -> Representative:
    if rep.org_id != org.pk or rep.term_id != term.pk or not rep.is_active:
        raise ValidationError(
            {
                "on_behalf_of": _("%(name)s is not a serving representative of term %(term)s.")
                % {"name": rep.name, "term": term.number}
            }
        )
    return rep


@transaction.atomic
def rules_update(*, org, actor, **values) -> CongressRules:
    rules = rules_for(org)
    fields = [f.name for f in CongressRules._meta.fields if f.name not in ("id", "org")]
    for name in values:
        if name not in fields:
            raise ValidationError(_("Unknown rule: %(name)s") % {"name": name})
    denominators = [values.get(name, getattr(rules, name)) for name in DENOMINATORS]
    if not all(denominators):
        raise ValidationError(_("A share needs a denominator above zero."))
    audit.audited_update(
        rules,
        org=org,
        actor=actor,
        fields=fields,
        changes=values,
        summary=Msg(gettext_noop("Congress rules changed")),
    )
    return rules
