"""Competitions in the year's archive (表彰荣誉): one workbook of the year's competitions, their
entries with the final scores and places, every judge's score, and the prizes awarded."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from unionhall.competitions.models import Award, Competition, Entry, Score
from unionhall.core.archive import COMMENDATIONS, HONOURS, ArchiveFile, archive_part
from unionhall.core.excel import workbook_bytes


def competitions_of_year(org, period):
    return (
        Competition.objects.filter(org=org, activity__starts_on__range=period.as_range())
        .select_related("activity", "activity__kind")
        .order_by("activity__starts_on", "id")
    )


def _entrant(entry: Entry) -> str:
    return entry.member.name if entry.member_id else entry.team_name


@archive_part("competitions.competitions", category=HONOURS, material=COMMENDATIONS)
def competitions(org, period):
    found = list(competitions_of_year(org, period))
    entries = list(
        Entry.objects.filter(competition__in=found)
        .select_related("competition__activity", "member__department", "tier")
        .prefetch_related("team_members")
        .order_by("competition__activity__starts_on", "competition_id", "place", "id")
    )
    scores = (
        Score.objects.filter(entry__in=entries)
        .select_related("entry__competition__activity", "entry__member")
        .order_by("entry__competition_id", "entry_id", "id")
    )
    awards = (
        Award.objects.filter(competition__in=found)
        .select_related("competition__activity", "entry__member", "ledger_entry")
        .order_by("competition__activity__starts_on", "competition_id", "place", "id")
    )
    yield ArchiveFile(
        _("Competitions %(period)s.xlsx") % {"period": period.label},
        content=workbook_bytes(
            [
                (
                    _("Competitions"),
                    [
                        _("Competition"),
                        _("Kind"),
                        _("First day"),
                        _("Last day"),
                        _("Scoring"),
                        _("Level"),
                        _("Awarding body"),
                        _("State"),
                        _("Prizes awarded on"),
                        _("Reason for overriding the prize rules"),
                        _("Record no."),
                    ],
                    (
                        (
                            competition.activity.title,
                            competition.activity.kind.name,
                            competition.activity.starts_on,
                            competition.activity.ends_on,
                            competition.get_scoring_display(),
                            competition.get_level_display(),
                            competition.awarding_body,
                            competition.get_state_display(),
                            competition.awarded_on,
                            competition.override_reason,
                            competition.pk,
                        )
                        for competition in found
                    ),
                ),
                (
                    _("Entries"),
                    [
                        _("Competition"),
                        _("Entrant"),
                        _("Team members"),
                        _("Department"),
                        _("Piece"),
                        _("Score"),
                        pgettext("ranking", "Place"),
                        _("Prize"),
                        _("Withdrawn"),
                        _("Record no."),
                    ],
                    (
                        (
                            entry.competition.activity.title,
                            _entrant(entry),
                            "、".join(m.name for m in entry.team_members.all()),
                            str(entry.member.department or "") if entry.member_id else "",
                            entry.piece,
                            entry.score,
                            entry.place,
                            entry.tier.get_rank_display() if entry.tier_id else "",
                            _("Yes") if entry.withdrawn_at else _("No"),
                            entry.pk,
                        )
                        for entry in entries
                    ),
                ),
                (
                    _("Scores"),
                    [_("Competition"), _("Entrant"), _("Judge"), _("Score"), _("Entry no.")],
                    (
                        (
                            score.entry.competition.activity.title,
                            _entrant(score.entry),
                            score.judge,
                            score.score,
                            score.entry_id,
                        )
                        for score in scores.iterator()
                    ),
                ),
                (
                    _("Prizes awarded"),
                    [
                        _("Competition"),
                        _("Entrant"),
                        _("Prize"),
                        pgettext("ranking", "Place"),
                        _("Prize money"),
                        _("Gift"),
                        _("Awarded on"),
                        _("Ledger entry"),
                        _("Entry no."),
                    ],
                    (
                        (
                            award.competition.activity.title,
                            _entrant(award.entry),
                            award.get_rank_display(),
                            award.place,
                            award.amount,
                            award.gift,
                            award.awarded_on,
                            award.ledger_entry_id,
                            award.entry_id,
                        )
                        for award in awards.iterator()
                    ),
                ),
            ]
        ),
    )
