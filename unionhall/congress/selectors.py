"""Reads for the staff congress; each takes the organisation."""

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from unionhall.congress.indicators import session_figures
from unionhall.congress.models import (
    Attendance,
    Category,
    Proposal,
    Rating,
    Representative,
    Session,
    Term,
)
from unionhall.congress.workflow import State
from unionhall.core.indicators import IndicatorValue
from unionhall.core.periods import Period

OPEN_ITEMS_SHOWN = 50


def term_list(*, org):
    return Term.objects.filter(org=org).annotate(
        reps=Count("representatives", filter=Q(representatives__is_active=True), distinct=True)
    )


def term_get(*, org, pk: int) -> Term:
    return get_object_or_404(Term, org=org, pk=pk)


def session_list(*, org):
    return Session.objects.filter(org=org).select_related("term")


def session_get(*, org, pk: int) -> Session:
    return get_object_or_404(Session.objects.select_related("term"), org=org, pk=pk)


def latest_session(*, org) -> Session | None:
    return session_list(org=org).first()


def semesters_without_session(*, term: Term, sessions: list[Session], today: dt.date) -> list[str]:
    """Semesters of the term that have ended without a session (at least one a semester)."""
    held = [s.held_on for s in sessions]
    return [
        sem.label
        for sem in Period.semesters_overlapping(term.starts_on, min(term.ends_on, today))
        if sem.end < today and not any(day in sem for day in held)
    ]


def representative_list(*, org, term: Term):
    return Representative.objects.filter(org=org, term=term).select_related("member__department")


@dataclass
class Composition:
    total: int
    frontline: int
    min_percent: int

    @property
    def frontline_percent(self) -> float:
        return 100 * self.frontline / self.total if self.total else 0.0

    @property
    def below_minimum(self) -> bool:
        return self.total > 0 and self.frontline * 100 < self.total * self.min_percent


def composition(*, org, term: Term, rules) -> Composition:
    counts = Representative.objects.filter(org=org, term=term, is_active=True).aggregate(
        total=Count("id"), frontline=Count("id", filter=Q(is_frontline=True))
    )
    return Composition(counts["total"], counts["frontline"], rules.frontline_min_percent)


@dataclass
class Quorum:
    present: int
    total: int
    quorum: Fraction
    recorded: bool

    @property
    def met(self) -> bool:
        return self.present * self.quorum.denominator >= self.total * self.quorum.numerator

    @property
    def needed(self) -> int:
        return -(-self.total * self.quorum.numerator // self.quorum.denominator)


def quorum(*, org, session: Session, rules) -> Quorum:
    total = Representative.objects.filter(org=org, term_id=session.term_id, is_active=True).count()
    counts = Attendance.objects.filter(org=org, session=session).aggregate(
        rows=Count("id"), present=Count("id", filter=Q(present=True))
    )
    return Quorum(counts["present"], total, rules.quorum, counts["rows"] > 0)


def active_representatives(*, org, session: Session) -> list[Representative]:
    """The representatives of the session's term still serving: the attendance list."""
    return list(Representative.objects.filter(org=org, term=session.term, is_active=True))


def attendance_present_ids(*, org, session: Session) -> set[int]:
    return set(
        Attendance.objects.filter(org=org, session=session, present=True).values_list(
            "representative_id", flat=True
        )
    )


# Proposals ------------------------------------------------------------------------------------


def proposal_list(
    *, org, session: int | None = None, state: str = "", category: str = "", q: str = ""
):
    rows = (
        Proposal.objects.filter(org=org)
        .select_related("session__term", "submitted_by")
        .defer("reasons", "measures", "review_note")
    )
    if session:
        rows = rows.filter(session_id=session)
    if state == "open":
        rows = rows.filter(state__in=State.open())
    elif state:
        rows = rows.filter(state=state)
    if category:
        rows = rows.filter(category=category)
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(submitted_by__name__icontains=q))
    # Newest session first (sessions are created in the order they are held), then by number:
    # the index proposal_list_order serves this order, even deep into the pages.
    return rows.order_by("-session_id", "number")


def label_rows(rows) -> list[Proposal]:
    """Give each row `state_label` and `category_label`: get_FOO_display costs a lookup through
    lazy translations per call, which shows on pages of hundreds of rows."""
    rows = list(rows)
    states, categories = dict(State.choices), dict(Category.choices)
    for p in rows:
        p.state_label = states.get(p.state, p.state)
        p.category_label = categories.get(p.category, p.category)
    return rows


def proposal_get(*, org, pk: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related(
            "session__term", "submitted_by", "lead_department", "responsible", "merged_into"
        ),
        org=org,
        pk=pk,
    )


def overdue(*, org, today: dt.date):
    return (
        Proposal.objects.filter(org=org, state__in=State.awaiting_answer(), answer_due__lt=today)
        .select_related("session__term", "responsible", "lead_department")
        .order_by("answer_due", "number")
    )


def due_soon(*, org, today: dt.date, days: int):
    return (
        Proposal.objects.filter(
            org=org,
            state__in=State.awaiting_answer(),
            answer_due__gte=today,
            answer_due__lte=today + dt.timedelta(days=days),
        )
        .select_related("session__term", "responsible")
        .order_by("answer_due", "number")
    )


# Session report -------------------------------------------------------------------------------


@dataclass
class SessionReport:
    """提案办理情况报告: the figures of one session's proposals, each an indicator's figure over
    the session (see congress/indicators.py), with the records behind it."""

    session: Session
    figures: dict[str, IndicatorValue]
    open_items: list[Proposal]
    carried: list[Proposal]
    carried_count: int

    def _count(self, name: str) -> int:
        return self.figures[name].value or 0

    @property
    def counts(self) -> dict[str, int]:
        ratings = self.figures["congress.ratings"].parts
        by_rating = {rating.value: ratings[str(rating.label)].value for rating in Rating}
        return {
            "received": self._count("congress.proposals_received"),
            "accepted": self._count("congress.proposals_accepted"),
            "opinions": self._count("congress.proposals_opinions"),
            "merged": self._count("congress.proposals_merged"),
            "pending_review": self._count("congress.proposals_awaiting_review"),
            "answered": self._count("congress.proposals_answered"),
            "on_time": self._count("congress.proposals_answered_on_time"),
            "rated": sum(by_rating.values()),
            "satisfied": by_rating[Rating.SATISFIED],
            "fairly": by_rating[Rating.FAIRLY],
            "unsatisfied": by_rating[Rating.UNSATISFIED],
            "second_answers": self._count("congress.second_answers"),
            "done": self._count("congress.proposals_done"),
        }

    @property
    def rates(self) -> dict[str, float | None]:
        return {
            "acceptance": self.figures["congress.acceptance_rate"].value,
            "answer": self.figures["congress.answer_rate"].value,
            "on_time": self.figures["congress.on_time_rate"].value,
            "satisfaction": self.figures["congress.satisfaction_rate"].value,
        }

    @property
    def open_count(self) -> int:
        return self._count("congress.proposals_open")

    @property
    def by_category(self) -> list[tuple[str, int]]:
        return list((self.figures["congress.by_category"].value or {}).items())


def session_report(*, org, session: Session) -> SessionReport:
    """Four queries whatever the number of proposals: the figures, the categories, open items of
    this session, and open items carried from earlier sessions."""
    figures = session_figures(org=org, session=session)
    open_rows = (
        figures["congress.proposals_open"]
        .records.select_related("lead_department")
        .defer("reasons", "measures", "review_note")
    )
    open_items = list(open_rows.order_by("number")[:OPEN_ITEMS_SHOWN])
    carried_rows = (
        Proposal.objects.filter(
            org=org,
            state__in=State.open() - {State.COLLECTING},
            session__in=Session.objects.filter(org=org, held_on__lt=session.held_on),
        )
        .select_related("lead_department")
        .defer("reasons", "measures", "review_note")
        .order_by("session_id", "number")
    )
    carried = list(carried_rows[: OPEN_ITEMS_SHOWN + 1])
    return SessionReport(
        session=session,
        figures=figures,
        open_items=label_rows(open_items),
        carried=label_rows(carried[:OPEN_ITEMS_SHOWN]),
        carried_count=len(carried),
    )
