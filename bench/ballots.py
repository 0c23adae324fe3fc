"""A school of 3,000 students votes with one-time codes in one class period, over HTTP.

The app runs as deployed (gunicorn, several sync workers; PostgreSQL when
UNIONHALL_BENCH_DATABASE_URL points at one, SQLite otherwise), and every code casts its ballot
once, as fast as the load generator can send them (aiohttp, many connections at once: most votes
arrive in the first minutes). In the same run, with the same server and load, the floor: a bare
Django view that inserts one uniquely keyed row per POST. The two take turns, five rounds of 600
each, so that a change in the machine's load weighs on both.

The poll is sealed, as every poll voted with codes: each ballot is encrypted to the poll's public
key and stored as one sealed row with the register's row, under the poll's row lock. Every
student has already typed the code on the entry page (one throttle read, one lookup) and casts
the ballot page it opened, with the page's signed ticket: the figure is the rate of casting.

Prints ballots_per_s, ballot_p95_ms, ballots_lost (codes that got a 200 but have no ballot),
ballots_doubled (ballots beyond the codes used), floor_insert_per_s and ballots_vs_floor, then
count_200_ballots_s: closing, opening (two key holders' passphrases) and counting a sealed box of
200 ballots (target under 5 s).
"""

import os

from bench import _http, _sealed

CODES = 3000
CLASSES = 60
WORKERS = int(os.environ.get("UNIONHALL_BENCH_WORKERS", "4"))
CONCURRENCY = int(os.environ.get("UNIONHALL_BENCH_CONCURRENCY", "32"))
ROUNDS = 5


def _setup():
    from unionhall.orgs.models import Organisation
    from unionhall.polls import services
    from unionhall.polls.models import Kind, Mode
    from unionhall.polls.workflow import State

    district = Organisation.objects.create(
        code="bench-district", name="基准区教育工会", kind=Organisation.Kind.DISTRICT
    )
    school = Organisation.objects.create(
        code="bench-school", name="基准中学工会", kind=Organisation.Kind.SCHOOL, parent=district
    )
    poll = services.poll_create(
        org=school,
        actor=None,
        kind=Kind.SATISFACTION,
        mode=Mode.CODES,
        title="学生评教",
        held_on=__import__("datetime").date.today(),
    )
    question = services.question_add(
        org=school,
        actor=None,
        poll=poll,
        text="你对本班任课教师的教学满意吗？",
        subject="任课教师",
        scale="satisfaction",
    )
    comment = services.question_add(
        org=school, actor=None, poll=poll, text="想对老师说的话", scale="comment"
    )
    codes = []
    per_class = CODES // CLASSES
    for n in range(CLASSES):
        issued = services.codes_issue(
            org=school,
            actor=None,
            poll=poll,
            group=f"{n // 10 + 7}年级{n % 10 + 1}班",
            count=per_class,
        )
        codes += [c.code for c in issued]
    passphrases = _sealed.key_holders(school, poll)
    services.poll_move(org=school, actor=None, poll=poll, target=State.OPEN)
    return school, poll, question, comment, codes, passphrases


def run() -> None:
    from unionhall.polls import services
    from unionhall.polls.models import Ballot, SealedBallot, VoteCode, Voted
    from unionhall.polls.workflow import State

    school, poll, question, comment, codes, passphrases = _setup()
    points = ["satisfied", "fairly", "basic", "dissatisfied", "unknown"]
    # Each student has typed the code and holds the ballot page it opened: its signed ticket,
    # as the entry page signs it (polls/public.py). What is measured is the cast.
    found = VoteCode.objects.filter(poll=poll).select_related("poll", "org")
    tickets = {vote_code.code: services.ballot_ticket(vote_code) for vote_code in found}

    def ballot(i: int, code: str) -> _http.Request:
        # The code travels in the body (inside the ticket), never in the path.
        data = {"ticket": tickets[code], f"q{question.pk}": points[i % len(points)]}
        if i % 7 == 0:
            data[f"q{comment.pk}"] = "老师讲课很认真，希望作业少一点。"
        return _http.Request(f"/p/{school.code}/polls/ballot/", method="POST", data=data, csrf=True)

    with _http.served(workers=WORKERS) as base:
        warm = [
            _http.Request(
                f"/p/{school.code}/polls/", method="POST", data={"code": codes[0]}, csrf=True
            )
        ] * 20
        _http.load(base, warm + [_http.Request(_http.FLOOR)] * 20, concurrency=4)
        # Ballots and floor inserts take turns, a round of each at a time, so that both meet the
        # same machine: a load that comes or goes half way weighs on both alike.
        ballots, floors = [], []
        for start in range(0, CODES, CODES // ROUNDS):
            chunk = list(enumerate(codes))[start : start + CODES // ROUNDS]
            ballots.append(
                _http.load(base, [ballot(i, c) for i, c in chunk], concurrency=CONCURRENCY)
            )
            floors.append(
                _http.load(
                    base,
                    [_http.Request(_http.FLOOR_INSERT, method="POST", csrf=True)] * len(chunk),
                    concurrency=CONCURRENCY,
                )
            )
        result, floor = _http.combined(ballots), _http.combined(floors)
    accepted = result.statuses.get(200, 0)
    sealed = SealedBallot.objects.filter(poll=poll).count()
    used = Voted.objects.filter(poll=poll).count()
    # The count: every sealed ballot opened, none more.
    poll = services.poll_move(org=school, actor=None, poll=poll, target=State.CLOSED)
    opened = services.box_open(org=school, actor=None, poll=poll, passphrases=passphrases)
    ballots = Ballot.objects.filter(poll=poll).count()
    if not opened == sealed == ballots:
        print(f"# sealed {sealed}, opened {opened}, ballots {ballots}")
    print(f"ballot_workers={WORKERS}")
    print(f"ballot_concurrency={CONCURRENCY}")
    print(f"ballots_sent={len(codes)}")
    print(f"ballots_accepted={accepted}")
    print(f"ballots_per_s={result.per_s:.0f}")
    print(f"ballot_p50_ms={result.p50_ms:.1f}")
    print(f"ballot_p95_ms={result.p95_ms:.1f}")
    print(f"ballots_lost={max(0, accepted - ballots) + max(0, used - ballots)}")
    print(f"ballots_doubled={max(0, ballots - used)}")
    print(f"ballot_errors={result.errors}")
    for failure in result.failures:
        print(f"# ballot failure {failure}")
    print(f"floor_insert_per_s={floor.per_s:.0f}")
    print(f"floor_insert_p95_ms={floor.p95_ms:.1f}")
    print(f"ballots_vs_floor={result.per_s / floor.per_s:.2f}")
    print("ballots_vs_floor_target=>=0.5")
    print(f"count_200_ballots_s={_sealed.count_sealed_box(200):.2f}")
    print("count_200_ballots_s_target=<5")
