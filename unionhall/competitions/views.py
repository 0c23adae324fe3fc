from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhall.competitions import rules, selectors, services
from unionhall.competitions.forms import (
    CompetitionForm,
    EntriesManyForm,
    EntryForm,
    JudgeForm,
    PolicyForm,
    PrizeTableForm,
    PublishForm,
    ScoreForm,
)
from unionhall.competitions.models import Competition, Entry, Scoring
from unionhall.core import audit
from unionhall.core.actions import run_action
from unionhall.orgs.access import can, requires

PAGE_SIZE = 50


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org": request.org.code, **kwargs})


def _competition(request, pk: int) -> Competition:
    try:
        return selectors.competition_get(request.org, pk)
    except Competition.DoesNotExist:
        raise Http404 from None


@requires("competitions.results")
def competition_list(request):
    page = Paginator(selectors.competition_list(request.org), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "competitions/list.html",
        {"page": page, "share": rules.share_shown(selectors.award_share(request.org))},
    )


@requires("competitions.manage")
def competition_create(request):
    form = CompetitionForm(request.POST or None, org=request.org)
    return run_action(
        request,
        form=form,
        perform=lambda data: services.competition_create(
            org=request.org,
            actor=request.user,
            activity=data["activity"],
            scoring=data["scoring"],
            trim=data["trim"] or 0,
            level=data["level"],
            awarding_body=data["awarding_body"],
            prizes=form.prizes(),
        ),
        success=_("The competition was created."),
        redirect_to=lambda competition: _url(request, "competitions:detail", pk=competition.pk),
        template="competitions/form.html",
        context={"heading": _("New competition")},
    )


@requires("competitions.results")
def competition_detail(request, pk: int):
    """The competition: its results once published (every member); before that, for those
    who run it, the entries, scores, ranking and prizes, and the publish form."""
    competition = _competition(request, pk)
    managing = can(request, "competitions.manage")
    context = {
        "competition": competition,
        "activity": competition.activity,
        "tiers": list(competition.tiers.all()),
        "managing": managing,
    }
    if competition.is_published:
        context["awards"] = list(selectors.awards_of(competition))
        context["entries"] = selectors.ranked_entries(competition)
    elif managing:
        entries = selectors.ranked_entries(competition)
        context.update(
            entries=entries,
            judges=sorted({s.judge for e in entries for s in e.scores.all()}),
            breaches=[str(b) for b in services.prize_breaches(competition)],
            most=rules.most_prizes(
                entries=len(entries),
                places=sum(t.places for t in context["tiers"]),
                share=selectors.award_share(request.org),
            ),
            share=rules.share_shown(selectors.award_share(request.org)),
            entry_form=EntryForm(org=request.org),
            score_form=ScoreForm(competition=competition),
            prize_form=PrizeTableForm(tiers=context["tiers"]),
            publish_form=PublishForm(
                initial={"awarded_on": min(competition.activity.ends_on, timezone.localdate())}
            ),
            may_override=can(request, "competitions.override"),
        )
    else:
        context["entries"] = selectors.ranked_entries(competition)
    context["history"] = list(audit.history(competition)[:30]) if managing else []
    return render(request, "competitions/detail.html", context)


@require_POST
@requires("competitions.manage")
def entry_add(request, pk: int):
    competition = _competition(request, pk)
    form = EntryForm(request.POST, org=request.org)
    return run_action(
        request,
        form=form,
        perform=lambda data: services.entry_add(
            competition=competition,
            actor=request.user,
            member=data["member"],
            team_name=data["team_name"],
            team_members=data["team_members"],
            piece=data["piece"],
        ),
        success=_("The entry was added."),
        redirect_to=_url(request, "competitions:detail", pk=competition.pk),
    )


@requires("competitions.manage")
def entries_many(request, pk: int):
    """Many entries at once: names pasted a line each (from a spreadsheet or a sign-up list)
    and members picked; all are entered, or none, each refusal naming its line."""
    competition = _open_competition(request, pk)
    form = EntriesManyForm(request.POST or None, org=request.org)
    return run_action(
        request,
        form=form,
        perform=lambda data: services.entries_add_many(
            competition=competition,
            actor=request.user,
            names_text=data["names"],
            members=data["members"],
        ),
        success=lambda made: _("Entries added: %(n)s.") % {"n": len(made)},
        redirect_to=_url(request, "competitions:detail", pk=competition.pk),
        template="competitions/entries_many.html",
        context={"competition": competition, "activity": competition.activity},
        status=400,
    )


@requires("competitions.manage")
def score_grid(request, pk: int):
    """One judge's scores for every entry, on one page and saved in one request (or, with
    results entered directly, every entry's result)."""
    competition = _open_competition(request, pk)
    direct = competition.scoring == Scoring.DIRECT
    posted = request.POST if request.method == "POST" else None
    judge = (posted or request.GET).get("judge", "").strip()[:50]
    form = JudgeForm(posted or None, initial={"judge": judge})
    if direct:
        form.fields["judge"].required = False
    entries = selectors.grid_entries(competition, judge=judge)
    typed = {}
    if posted is not None:
        typed = {e.pk: posted.get(f"score-{e.pk}", "")[:20] for e in entries}

    def perform(data):
        return services.scores_record_grid(
            competition=competition,
            actor=request.user,
            judge=data.get("judge") or "",
            scores=typed,
        )

    rows = [(e, typed.get(e.pk, e.grid_score)) for e in entries]
    return run_action(
        request,
        form=form,
        perform=perform,
        success=lambda n: _("Scores saved: %(n)s.") % {"n": n},
        redirect_to=_url(request, "competitions:detail", pk=competition.pk),
        template="competitions/score_grid.html",
        context={
            "competition": competition,
            "activity": competition.activity,
            "direct": direct,
            "rows": rows,
            "judge": judge,
            "judges": selectors.judges_of(competition),
        },
        status=400,
    )


def _open_competition(request, pk: int) -> Competition:
    competition = _competition(request, pk)
    if competition.is_published:
        raise Http404("the results are published")
    return competition


@require_POST
@requires("competitions.manage")
def entry_withdraw(request, pk: int, entry: int):
    competition = _competition(request, pk)
    entry = get_object_or_404(Entry, competition=competition, pk=entry)
    return run_action(
        request,
        form=None,
        perform=lambda data: services.entry_withdraw(entry=entry, actor=request.user),
        success=_("The entry was withdrawn."),
        redirect_to=_url(request, "competitions:detail", pk=competition.pk),
    )


@require_POST
@requires("competitions.manage")
def score_record(request, pk: int):
    competition = _competition(request, pk)
    form = ScoreForm(request.POST, competition=competition)

    def perform(data):
        if competition.scoring == Scoring.DIRECT:
            return services.entry_score_set(
                entry=data["entry"], actor=request.user, score=data["score"]
            )
        return services.score_record(
            entry=data["entry"], actor=request.user, judge=data["judge"], score=data["score"]
        )

    return run_action(
        request,
        form=form,
        perform=perform,
        success=_("The score was saved."),
        redirect_to=_url(request, "competitions:detail", pk=competition.pk),
    )


@require_POST
@requires("competitions.manage")
def prize_table(request, pk: int):
    competition = _competition(request, pk)
    form = PrizeTableForm(request.POST, tiers=list(competition.tiers.all()))
    return run_action(
        request,
        form=form,
        perform=lambda data: services.prize_table_set(
            competition=competition, actor=request.user, prizes=form.prizes()
        ),
        success=_("The prize table was saved."),
        redirect_to=_url(request, "competitions:detail", pk=competition.pk),
    )


@require_POST
@requires("competitions.manage")
def rank(request, pk: int):
    competition = _competition(request, pk)
    return run_action(
        request,
        form=None,
        perform=lambda data: services.results_rank(competition=competition, actor=request.user),
        success=_("The entries were ranked and the prizes proposed within the prize rules."),
        redirect_to=_url(request, "competitions:detail", pk=competition.pk),
    )


@require_POST
@requires("competitions.manage")
def prizes_set(request, pk: int):
    """The prizes as the table on the page gives them, one select per entry."""
    competition = _competition(request, pk)
    tiers = selectors.prize_tiers_by_id(competition)

    def perform(data):
        for entry in selectors.active_entries(competition):
            chosen = request.POST.get(f"prize-{entry.pk}", "")
            if chosen and chosen not in tiers:
                raise ValidationError(_("This prize is not in this competition's table."))
            services.entry_prize_set(entry=entry, actor=request.user, tier=tiers.get(chosen))

    return run_action(
        request,
        form=None,
        perform=perform,
        success=_("The prizes were saved."),
        redirect_to=_url(request, "competitions:detail", pk=competition.pk),
    )


@require_POST
@requires("competitions.manage")
def publish(request, pk: int):
    """Publish the results; a refusal lists each prize rule broken (the chair may then give a
    reason to override)."""
    competition = _competition(request, pk)
    return run_action(
        request,
        form=PublishForm(request.POST),
        perform=lambda data: services.results_publish(
            competition=competition,
            actor=request.user,
            awarded_on=data["awarded_on"],
            override_reason=data["override_reason"],
        ),
        success=lambda awards: (
            _(
                "The results were published: %(n)d prizes, in the honours register and, where "
                "paid in money, in the funds ledger."
            )
            % {"n": len(awards)}
        ),
        redirect_to=_url(request, "competitions:detail", pk=competition.pk),
    )


@requires("competitions.override")
def policy(request):
    """The award share this union's prize rules allow (1/3 or 2/3, by province)."""
    share = selectors.award_share(request.org)
    return run_action(
        request,
        form=PolicyForm(
            request.POST or None,
            initial={"numerator": share.numerator, "denominator": share.denominator},
        ),
        perform=lambda data: services.competition_policy_set(
            org=request.org, actor=request.user, **data
        ),
        success=_("The award share was saved."),
        redirect_to=_url(request, "competitions:list"),
        template="competitions/policy.html",
        context={"share": rules.share_shown(share)},
    )
