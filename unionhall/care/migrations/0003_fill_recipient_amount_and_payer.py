"""Each recipient of an earlier visit received the visit's amount. Who paid: all union or all
administration where the visit's union share says so; in a mixed visit, the rule's payer for
the member's status on the visit's date."""

from django.db import migrations


def _status_on(member, date) -> str:
    if member.retired_on:
        return "retired" if date >= member.retired_on else "active"
    return "retired" if member.status == "retired" else "active"


def fill(apps, schema_editor):
    CareVisit = apps.get_model("care", "CareVisit")
    CareRecipient = apps.get_model("care", "CareRecipient")
    CareRule = apps.get_model("care", "CareRule")
    rules = {(r.org_id, r.kind): r for r in CareRule.objects.all()}
    for visit in CareVisit.objects.all().iterator():
        recipients = list(CareRecipient.objects.filter(visit=visit).select_related("member"))
        everyone = visit.amount * len(recipients)
        rule = rules.get((visit.org_id, visit.kind))
        for recipient in recipients:
            if visit.union_amount >= everyone:
                payer = "union"
            elif not visit.union_amount:
                payer = "administration"
            elif _status_on(recipient.member, visit.date) == "retired":
                payer = rule.payer_for_retirees if rule else "union"
            else:
                payer = rule.payer if rule else "union"
            recipient.amount = visit.amount
            recipient.payer = payer
        CareRecipient.objects.bulk_update(recipients, ["amount", "payer"])


class Migration(migrations.Migration):
    dependencies = [("care", "0002_recipient_amount_and_payer")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
