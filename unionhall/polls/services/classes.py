"""The school's class list (年级 · 班级); a survey's questions generated from who teaches which
class (one satisfaction question per class and teacher, and one comment question per teacher: the
comments that teacher may read); and a draft's questions copied from an earlier poll of its kind."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionhall.core import audit, importing
from unionhall.core.i18n import Msg
from unionhall.core.models import AuditEntry
from unionhall.polls.models import Kind, Option, Poll, Question, Scale, SchoolClass
from unionhall.polls.services.guards import _draft, _same_org


@transaction.atomic
def school_class_add(*, org, actor, grade: str, name: str) -> SchoolClass:
    grade, name = grade.strip(), name.strip()
    if not grade:
        raise ValidationError({"grade": _("This field is required.")})
    if not name:
        raise ValidationError({"name": _("This field is required.")})
    existing = SchoolClass.objects.filter(org=org, name=name).first()
    if existing is not None:
        if existing.active:
            raise ValidationError({"name": _("%(name)s is already on the list.") % {"name": name}})
        # Back on the list: the history shows it taken off, then back (and any new grade).
        audit.audited_update(
            existing,
            org=org,
            actor=actor,
            fields=["active", "grade"],
            changes={"active": True, "grade": grade},
        )
        return existing
    return audit.audited_create(
        SchoolClass(org=org, grade=grade, name=name), org=org, actor=actor, summary=name
    )


@transaction.atomic
def school_class_retire(*, org, actor, school_class: SchoolClass) -> SchoolClass:
    """A class no longer taught leaves the list (kept, with the codes issued for it)."""
    _same_org(org, school_class)
    audit.audited_update(
        school_class,
        org=org,
        actor=actor,
        fields=[],
        changes={"active": False},
        summary=Msg(gettext_noop("%(name)s taken off the class list"), name=school_class.name),
    )
    return school_class


@transaction.atomic
def classes_import(*, org, actor, batch, rows: list[dict]) -> int:
    """Add every class of a checked file that is not on the list yet (all or none)."""
    batch = importing.batch_lock(batch)
    existing = {c.name: c for c in SchoolClass.objects.filter(org=org)}
    added = 0
    for row in rows:
        found = existing.get(row["name"])
        if found is None:
            SchoolClass.objects.create(org=org, grade=row["grade"], name=row["name"])
            added += 1
        elif not found.active or found.grade != row["grade"]:
            found.active, found.grade = True, row["grade"]
            found.save(update_fields=["active", "grade"])
            added += 1
    importing.batch_imported(batch, count=added)
    audit.record(
        org=org,
        actor=actor,
        subject=batch,
        action=AuditEntry.Action.EVENT,
        summary=Msg(gettext_noop("%(count)s classes imported"), count=added),
    )
    return added


def teaching_question_text(course: str, teacher: str) -> str:
    return _("Are you satisfied with %(teacher)s's teaching of %(course)s?") % {
        "teacher": teacher,
        "course": course,
    }


def teaching_comment_text(teacher: str) -> str:
    return _("What would you like to tell %(teacher)s?") % {"teacher": teacher}


@transaction.atomic
def teaching_import(*, org, actor, poll: Poll, batch, rows: list[dict]) -> list[Question]:
    """A draft survey's questions from a checked file of (class, teacher, subject): one
    satisfaction question per row, for that class only, and a comment box for each teacher of
    the class, so that a class's ballot asks about its own teachers only."""
    _same_org(org, poll)
    poll = Poll.objects.select_for_update().get(org=org, pk=poll.pk)
    _draft(poll)
    if poll.kind != Kind.SATISFACTION:
        raise ValidationError(_("Questions per class and teacher are for satisfaction surveys."))
    batch = importing.batch_lock(batch)
    position = poll.questions.count()
    questions = []
    for row in rows:
        position += 1
        questions.append(
            Question(
                org=org,
                poll=poll,
                position=position,
                text=teaching_question_text(row["course"], row["teacher"])[:200],
                subject=row["teacher"],
                subject_member=row["member"],
                scale=Scale.SATISFACTION,
                group=row["group"],
            )
        )
    asked = set(
        poll.questions.filter(scale=Scale.COMMENT)
        .exclude(subject="")
        .values_list("subject", "group")
    )
    for row in rows:
        if (row["teacher"], row["group"]) in asked:
            continue
        asked.add((row["teacher"], row["group"]))
        position += 1
        questions.append(
            Question(
                org=org,
                poll=poll,
                position=position,
                text=teaching_comment_text(row["teacher"])[:200],
                subject=row["teacher"],
                subject_member=row["member"],
                scale=Scale.COMMENT,
                group=row["group"],
            )
        )
    created = Question.objects.bulk_create(questions)
    importing.batch_imported(batch, count=len(rows))
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(
            gettext_noop("%(count)s questions generated from %(file)s"),
            count=len(created),
            file=batch.filename,
        ),
    )
    return created


@transaction.atomic
def questions_copy(*, org, actor, poll: Poll, source: Poll) -> list[Question]:
    """A draft poll's questions copied from an earlier poll of the same kind (last year's
    evaluation, last term's survey): the saved template of questions, with their candidates."""
    _same_org(org, poll, source)
    poll = Poll.objects.select_for_update().get(org=org, pk=poll.pk)
    _draft(poll)
    if source.pk == poll.pk or source.kind != poll.kind:
        raise ValidationError(
            {"source": _("Choose an earlier poll of the same kind to copy the questions from.")}
        )
    originals = list(source.questions.prefetch_related("options"))
    if not originals:
        raise ValidationError({"source": _("That poll has no questions to copy.")})
    position = poll.questions.count()
    copies = []
    for original in originals:
        position += 1
        copies.append(
            Question(
                org=org,
                poll=poll,
                position=position,
                text=original.text,
                subject=original.subject,
                subject_member=original.subject_member,
                scale=original.scale,
                seats=original.seats,
                group=original.group,
                rules=dict(original.rules),
            )
        )
    created = Question.objects.bulk_create(copies)
    Option.objects.bulk_create(
        Option(org=org, question=copy, position=o.position, label=o.label, member=o.member)
        for copy, original in zip(created, originals, strict=True)
        for o in original.options.all()
    )
    audit.record(
        org=org,
        actor=actor,
        subject=poll,
        action=AuditEntry.Action.EVENT,
        summary=Msg(
            gettext_noop("%(count)s questions copied from %(poll)s"),
            count=len(created),
            poll=source.title,
        ),
    )
    return created
