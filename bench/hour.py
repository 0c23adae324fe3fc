"""A school's busiest hour, served as in production: `python -m bench hour` (and `make bench`).

The demo school (`seed_demo`, 200 people on the register) is served by gunicorn with
deploy/gunicorn.conf.py and production settings (UNIONHALL_ENV=production, collected static
files, a random secret key; workers as the file sizes them, or UNIONHALL_WORKERS), on SQLite or
on the database UNIONHALL_BENCH_DATABASE_URL names, beside the bare views of bench/_http_urls.py.
locust (headless, bench/_hour_locust.py) then plays, at once:

- STAFF teachers on phones (150): LOGINS of them (10) log in through the form, the others' phones
  are still logged in from an earlier day (a session made beforehand); then home, the
  notices, sign up for an activity, check in by its QR code, a suggestion, the funds disclosure
  and a vote on a proposal (an online poll), once each in their own order, then reading home,
  notices and the disclosure; a few seconds between pages (PACE), as a phone user reads.
- CLASSES classes (40) in one class period of 学生评教: on each class's device student after
  student opens the ballot of a one-time code, reads, answers (a fresh browser each).
- COMMITTEE desks (4, the chair's login): the member list filtered and paged and searched, a
  care entry, a batch of attendance ticked, the summary page, the register's .xlsx export.
- PROBE phones asking the bare view and the bare insert at a phone's pace, under the same load.

The hour starts when everyone is logged in and lasts SECONDS (or MAX_REQUESTS requests). Then
the classes cast the remaining codes as fast as they can (`rush_ballots`) and POST the bare
insert as often in the same way (`rush_floor`): `ballots_vs_floor` is the ratio of the two rates.

Prints, per kind of request (`hour_<kind>_…`): p50, p95, p99 (ms), errors and requests per
second, the same for the bare view and insert under the same load (`hour_floor_…`,
`hour_floor_insert_…`), and the summary lines `hour_pages_p95_ms`, `hour_writes_p95_ms`,
`hour_errors`, `ballots_per_s`, `ballots_vs_floor`, `ballots_lost`, `ballots_doubled`, each
target beside its figure (`…_target`); the p95 as a multiple of the bare view's
(`hour_pages_p95_vs_floor`) is information only. Logins are timed (`hour_login_…`) but are not in
the pages or writes figures: they are password hashing by design. `hour_first_grouping_ms`: the
first suggestion grouping after the server starts (jieba's dictionary, scikit-learn).

The user counts and the hour's length can be scaled: UNIONHALL_BENCH_HOUR_STAFF, _CLASSES,
_COMMITTEE, _SECONDS, _MAX_REQUESTS, _LOGINS. Sized for a 2-core machine: locust itself needs
about a third of a core for this load (gevent users, one process).
"""

import datetime as dt
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import _http, _sealed

PROJECT_DIR = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).with_name("_hour_locust.py")


def _setting(name: str, default: int) -> int:
    return int(os.environ.get(f"UNIONHALL_BENCH_HOUR_{name}", default))


STAFF = _setting("STAFF", 150)
CLASSES = _setting("CLASSES", 40)
COMMITTEE = _setting("COMMITTEE", 4)
PROBE = 4
SECONDS = _setting("SECONDS", 180)
# Staff who log in through the form before the hour (timed as `login`); the others' phones stayed
# logged in from an earlier day (a session made beforehand), as most of a school's do. 150 password
# hashes at once take minutes on a shared 2-core machine, and they are not the hour's figures.
LOGINS = _setting("LOGINS", 10)
MAX_REQUESTS = _setting("MAX_REQUESTS", 60_000)
REGISTER = 200  # people on the demo school's register (seed_demo --members-per-school)
STUDENTS_PER_CLASS = 40  # codes per class in the hour
RUSH_PER_CLASS = 40  # codes per class for the rush (ballots_vs_floor)
# Seconds a person takes: between pages, reading a page, filling a form, a ballot, next student.
PACE = {
    "staff": [3, 10],
    "reading": [2, 6],
    "form": [4, 10],
    "ballot": [4, 10],
    "next_student": [1, 3],
    "committee": [3, 8],
    "probe": [1, 3],
}
PASSWORD = "bench-hour-password-2026"
POINTS = ["satisfied", "fairly", "basic", "dissatisfied", "unknown"]
TARGETS = {"pages_p95_ms": 150, "writes_p95_ms": 250, "errors": 0, "ballots_vs_floor": 0.5}
# What each kind of request is, for the summary figures (logins and the bare views are neither).
PAGES = {
    "home",
    "notices",
    "notice",
    "signup_form",
    "suggestion_form",
    "disclosure",
    "vote_form",
    "ballot_form",
    "members",
    "care_form",
    "care_pick",
    "care",
    "attendance_list",
    "summary",
    "export",
}
WRITES = {"signup", "checkin", "suggestion", "vote", "ballot", "care_entry", "attendance"}


# ---------------------------------------------------------------------------------- the school


def _staff_logins(school, chair, count: int) -> list[dict]:
    """`count` members in service with a login of their own, made as the chair would (the
    members service), with a known password already changed (as after their first login)."""
    from django.contrib.auth.hashers import make_password

    from unionhall.members import services as member_services
    from unionhall.members.models import Member

    hashed = make_password(PASSWORD)
    logins = []
    # Members without a login yet (the demo's own logins keep their password).
    members = Member.objects.filter(org=school, status="active", user=None).order_by("pk")
    for member in members[:count]:
        user, _first = member_services.member_login_create(
            member=member, actor=chair, username=f"t{member.pk:05d}"
        )
        # What the password change at the first login leaves (demo.logins.use_demo_password).
        user.password = hashed
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        logins.append({"username": user.username, "password": PASSWORD, "user": user})
    if len(logins) < count:
        raise SystemExit(f"the demo school has {len(logins)} members in service, not {count}")
    return logins


def _activities(school, chair, secret: str) -> tuple[int, str, str]:
    """A sports day today (checked in by its QR code; its attendance ticked by the committee)
    and a trip in a fortnight that takes sign-ups."""
    from django.test import override_settings
    from django.utils import timezone

    from unionhall.activities import services
    from unionhall.activities.models import ActivityKind

    services.activity_kinds_seed(org=school)
    today = timezone.localdate()
    kinds = ActivityKind.objects.filter(org=school)
    sports = services.activity_create(
        org=school,
        actor=chair,
        kind=kinds.get(code="sports"),
        title="教职工趣味运动会",
        starts_on=today,
        place="学校操场",
    )
    session = sports.sessions.get()
    trip = services.activity_create(
        org=school,
        actor=chair,
        kind=kinds.exclude(code="sports").first(),
        title="教职工春季踏青",
        starts_on=today + dt.timedelta(days=14),
        signup_required=True,
    )
    with override_settings(SECRET_KEY=secret):  # the token is signed with the server's key
        token = services.checkin_token(session)
    checkin = f"/o/{school.code}/activities/{sports.pk}/checkin/{token}/"
    attendance = f"/o/{school.code}/activities/{sports.pk}/sessions/{session.pk}/"
    return trip.pk, checkin, attendance


def _member_poll(school, chair) -> tuple[int, int]:
    """A proposal put to every member in service (an online poll: for, against, abstain)."""
    from django.utils import timezone

    from unionhall.polls import services
    from unionhall.polls.models import Kind, Mode, Scale
    from unionhall.polls.workflow import State

    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.RESOLUTION,
        mode=Mode.ONLINE,
        title="关于调整教职工午餐补贴方案的意见",
        held_on=timezone.localdate(),
    )
    question = services.question_add(
        org=school,
        actor=chair,
        poll=poll,
        text="你是否同意午餐补贴调整方案？",
        scale=Scale.YES_NO_ABSTAIN,
    )
    _sealed.key_holders(school, poll, chair)
    services.poll_move(org=school, actor=chair, poll=poll, target=State.OPEN)
    return poll.pk, question.pk


def _ballots(school, chair, secret: str) -> dict:
    """学生评教: one-time codes for CLASSES classes, some for the hour and some for the rush."""
    from django.test import override_settings
    from django.utils import timezone

    from unionhall.polls import services
    from unionhall.polls.models import Kind, Mode, VoteCode
    from unionhall.polls.workflow import State

    poll = services.poll_create(
        org=school,
        actor=chair,
        kind=Kind.SATISFACTION,
        mode=Mode.CODES,
        title="学生评教（第三节课）",
        held_on=timezone.localdate(),
    )
    question = services.question_add(
        org=school,
        actor=chair,
        poll=poll,
        text="你对本班任课教师的教学满意吗？",
        subject="任课教师",
        scale="satisfaction",
    )
    comment = services.question_add(
        org=school, actor=chair, poll=poll, text="想对老师说的话", scale="comment"
    )
    hour, rush = [], []
    for n in range(CLASSES):
        group = f"{n // 10 + 6}年级{n % 10 + 1}班"
        issued = services.codes_issue(
            org=school,
            actor=chair,
            poll=poll,
            group=group,
            count=STUDENTS_PER_CLASS + RUSH_PER_CLASS,
        )
        codes = [c.code for c in issued]
        hour.append(codes[:STUDENTS_PER_CLASS])
        rush.append(codes[STUDENTS_PER_CLASS:])
    _sealed.key_holders(school, poll, chair)
    poll = services.poll_move(org=school, actor=chair, poll=poll, target=State.OPEN)
    # The rush casts ballot pages already opened: each with the signed ticket its page carries.
    found = VoteCode.objects.filter(poll=poll).select_related("poll", "org")
    with override_settings(SECRET_KEY=secret):  # signed with the server's key
        tickets = {vote_code.code: services.ballot_ticket(vote_code) for vote_code in found}
    return {
        "poll": poll,
        "question": question.pk,
        "comment": comment.pk,
        "hour": hour,
        "rush": [[tickets[code] for code in codes] for codes in rush],
    }


def _sessions(logins: list[dict], secret: str) -> None:
    """A session for each login after the first LOGINS, signed with the server's key."""
    from django.conf import settings
    from django.test import Client, override_settings

    with override_settings(SECRET_KEY=secret):
        for login in logins[LOGINS:]:
            client = Client()
            client.force_login(login["user"])
            login["session"] = client.cookies[settings.SESSION_COOKIE_NAME].value


def _notices(school, logins) -> None:
    """What the union sent this morning: each teacher has a few notices under the bell."""
    from unionhall.notices.services import notice_send

    titles = ["春季踏青开始报名", "学生评教今天第三节课进行", "午餐补贴调整方案征求意见"]
    for login in logins:
        for n, title in enumerate(titles):
            notice_send(
                org=school, user=login["user"], kind="info", title=title, key=f"bench-hour-{n}"
            )


def build(workdir: Path) -> tuple[dict, dict]:
    """The demo school and everything the hour needs; returns (scenario for the locustfile,
    what the checks after the run need)."""
    from django.core.management import call_command
    from django.utils import timezone

    from unionhall.demo.register import DEMO_PASSWORD
    from unionhall.demo.voice_texts import SUGGESTIONS
    from unionhall.members.models import Member
    from unionhall.orgs.models import Department, Organisation, RoleAssignment

    call_command("seed_demo", members_per_school=REGISTER, verbosity=0)
    school = Organisation.objects.filter(kind="school").order_by("pk").first()
    chair = RoleAssignment.objects.get(org=school, role="chair").user
    secret = secrets.token_urlsafe(48)
    logins = _staff_logins(school, chair, STAFF)
    _sessions(logins, secret)
    _notices(school, logins)
    signup_activity, checkin, attendance = _activities(school, chair, secret)
    member_poll, member_question = _member_poll(school, chair)
    ballots = _ballots(school, chair, secret)
    surnames = sorted({m.name[0] for m in Member.objects.filter(org=school)})[:20]
    scenario = {
        "school": school.code,
        "users": {
            "staff": STAFF,
            "classes": CLASSES,
            "committee": COMMITTEE,
            "probe": PROBE,
        },
        "seconds": SECONDS,
        "max_requests": MAX_REQUESTS,
        "pace": PACE,
        "staff": [
            {"username": s["username"], "password": s["password"], "session": s.get("session")}
            for s in logins
        ],
        "committee": {"username": chair.username, "password": DEMO_PASSWORD},
        "signup_activity": signup_activity,
        "checkin_path": checkin,
        "attendance_path": attendance,
        "member_poll": member_poll,
        "member_question": member_question,
        "ballot_question": ballots["question"],
        "ballot_comment": ballots["comment"],
        "points": POINTS,
        "codes": {"hour": ballots["hour"], "rush_ballots": ballots["rush"]},
        "suggestions": [[title, body] for _category, title, body in SUGGESTIONS],
        "departments": list(Department.objects.filter(org=school).values_list("pk", flat=True)[:8]),
        "surnames": surnames,
        "care_members": list(
            Member.objects.filter(org=school, status="active").values_list("pk", flat=True)[:60]
        ),
        "today": timezone.localdate().isoformat(),
        "floor": _http.FLOOR,
        "floor_insert": _http.FLOOR_INSERT,
    }
    return scenario, {"secret": secret, "chair": chair, "ballot_poll": ballots["poll"]}


# ---------------------------------------------------------------------------------- the server


def production_env(workdir: Path, secret: str, port: int) -> dict[str, str]:
    """The environment `make serve` runs with in production (see .ci/run's serve_answers)."""
    env = dict(os.environ)
    env.update(
        UNIONHALL_ENV="production",
        UNIONHALL_SECRET_KEY=secret,
        UNIONHALL_ALLOWED_HOSTS="127.0.0.1,localhost",
        UNIONHALL_BIND=f"127.0.0.1:{port}",
        UNIONHALL_VAR_DIR=str(workdir),
    )
    env.pop("UNIONHALL_DEBUG", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_DIR), env.get("PYTHONPATH")]))
    return env


class Server:
    """gunicorn with deploy/gunicorn.conf.py serving unionhall and the bare views."""

    def __init__(self, workdir: Path, secret: str):
        self.workdir = workdir
        self.port = _http.free_port()
        self.env = production_env(workdir, secret, self.port)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = workdir / "gunicorn.log"

    def __enter__(self) -> "Server":
        _http.create_floor_table()
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            cwd=PROJECT_DIR,
            env=self.env,
            check=True,
        )
        command = [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"]
        command.append("bench._http_wsgi:application")
        self.started = time.perf_counter()
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                command, cwd=PROJECT_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        for _ in range(1200):
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited: {self.log.read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise SystemExit("gunicorn did not start within 60 s")
        self.answering = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def errors(self) -> list[str]:
        """Lines of the server's log that tell of a failure (tracebacks, worker timeouts)."""
        text = self.log.read_text(errors="replace")
        return [
            line
            for line in text.splitlines()
            if "Traceback" in line or "CRITICAL" in line or "ERROR" in line
        ]


def _browser(base: str):
    """A `requests` session that says what the proxy would (X-Forwarded-Proto) and keeps the
    (Secure) cookies over the plain local connection."""
    import requests

    session = requests.Session()
    session.headers["X-Forwarded-Proto"] = "https"
    session.headers["Origin"] = "https://" + base.split("://", 1)[1]

    return session


def _unsecure(session) -> None:
    """Let the cookies the server marked Secure go back over http://127.0.0.1 (nginx's side)."""
    for cookie in session.cookies:
        cookie.secure = False


def first_grouping_ms(base: str, username: str, password: str, school: str) -> float:
    """The chair logs in, opens the home page a few times, then the suggestion grouping page:
    the first grouping after the start, in ms."""
    import re

    session = _browser(base)
    page = session.get(f"{base}/login/").text
    _unsecure(session)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    answer = session.post(
        f"{base}/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise SystemExit(f"the chair's login was refused: {answer.status_code}")
    _unsecure(session)
    for _ in range(12):  # every worker has served a page: what is left is the grouping's own
        session.get(f"{base}/o/{school}/", allow_redirects=False)
    began = time.perf_counter()
    answer = session.get(f"{base}/o/{school}/voice/grouping/", allow_redirects=False)
    took = (time.perf_counter() - began) * 1000
    if answer.status_code != 200:
        where = answer.headers.get("Location", "")
        raise SystemExit(f"the grouping page answered {answer.status_code} {where}".strip())
    return took


# ---------------------------------------------------------------------------------- the load


def run_locust(scenario: dict, workdir: Path, phase: str, users: int, limit_s: int) -> dict:
    """One headless locust run of `phase`; returns what the locustfile recorded."""
    scenario_file = workdir / f"scenario-{phase}.json"
    scenario_file.write_text(json.dumps(scenario, ensure_ascii=False), encoding="utf-8")
    out = workdir / f"records-{phase}.json"
    env = dict(os.environ)
    env.update(
        UNIONHALL_BENCH_HOUR_SCENARIO=str(scenario_file),
        UNIONHALL_BENCH_HOUR_OUT=str(out),
        UNIONHALL_BENCH_HOUR_PHASE=phase,
    )
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        scenario["base"],
        "--users",
        str(users),
        "--spawn-rate",
        "20",
        "--run-time",
        f"{limit_s}s",
        "--stop-timeout",
        "30",
        "--loglevel",
        "WARNING",
        "--only-summary",
        "--exit-code-on-error",
        "0",
    ]
    with open(workdir / f"locust-{phase}.log", "wb") as log:
        subprocess.run(command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    if not out.exists():
        log = (workdir / f"locust-{phase}.log").read_text(errors="replace")
        raise SystemExit(f"locust ({phase}) wrote no records:\n{log[-3000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def percentile(values: list[float], share: int) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[share - 1]


def figures(records: list[list], seconds: float) -> dict[str, dict]:
    """Per kind: count, p50, p95, p99, errors, per_s; plus the `pages` and `writes` groups."""
    by_kind: dict[str, list[list]] = {}
    for record in records:
        by_kind.setdefault(record[0], []).append(record)
    by_kind["pages"] = [r for r in records if r[0] in PAGES]
    by_kind["writes"] = [r for r in records if r[0] in WRITES]
    result = {}
    for kind, rows in sorted(by_kind.items()):
        times = [r[1] for r in rows]
        result[kind] = {
            "count": len(rows),
            "p50_ms": percentile(times, 50),
            "p95_ms": percentile(times, 95),
            "p99_ms": percentile(times, 99),
            "errors": sum(1 for r in rows if not r[2]),
            "per_s": len(rows) / seconds if seconds else 0.0,
            "failures": [r[5] for r in rows if not r[2]][:3],
        }
    return result


def _rate(records: list[list], kind: str) -> float:
    rows = [r for r in records if r[0] == kind and r[2]]
    if not rows:
        return 0.0
    return len(rows) / (max(r[4] for r in rows) - min(r[3] for r in rows))


def print_hour(stats: dict[str, dict]) -> None:
    """Each kind in turn, then the pages and writes together (`hour_pages_p95_ms`, …)."""
    order = sorted(stats, key=lambda kind: (kind in {"pages", "writes"}, kind))
    for kind, figure in ((kind, stats[kind]) for kind in order):
        prefix = f"hour_{kind}"
        print(f"{prefix}_count={figure['count']}")
        for name in ("p50_ms", "p95_ms", "p99_ms"):
            print(f"{prefix}_{name}={figure[name]:.1f}")
        print(f"{prefix}_errors={figure['errors']}")
        print(f"{prefix}_per_s={figure['per_s']:.2f}")
        for failure in figure["failures"]:
            print(f"# {prefix} failure {failure}")


def run() -> None:
    from unionhall.polls.models import Ballot, SealedBallot, Voted

    # bench/__main__.py gives each benchmark a temporary directory of its own (removed after).
    workdir = Path(os.environ.get("UNIONHALL_VAR_DIR") or tempfile.mkdtemp(prefix="bench-hour-"))
    scenario, checks = build(workdir)
    print(f"hour_users_staff={STAFF}")
    print(f"hour_users_classes={CLASSES}")
    print(f"hour_users_committee={COMMITTEE}")
    print(f"hour_seconds={SECONDS}")
    with Server(workdir, checks["secret"]) as server:
        scenario["base"] = server.base
        print(f"hour_workers={os.environ.get('UNIONHALL_WORKERS', 'gunicorn.conf.py')}")
        grouping = first_grouping_ms(
            server.base,
            scenario["committee"]["username"],
            scenario["committee"]["password"],
            scenario["school"],
        )
        print(f"hour_first_grouping_ms={grouping:.0f}")
        users = STAFF + CLASSES + COMMITTEE + PROBE
        hour = run_locust(scenario, workdir, "hour", users, SECONDS + 300)
        started = hour["started"]
        if started is None:
            log = (workdir / "locust-hour.log").read_text(errors="replace")
            raise SystemExit(f"not every user logged in:\n{log[-3000:]}")
        in_hour = [r for r in hour["records"] if r[0] != "login"]
        seconds = max((r[4] for r in in_hour), default=started) - started
        stats = figures(hour["records"], seconds)
        rush = run_locust(scenario, workdir, "rush_ballots", CLASSES, 300)
        scenario["codes"]["rush_floor"] = scenario["codes"]["rush_ballots"]
        floor = run_locust(scenario, workdir, "rush_floor", CLASSES, 300)
        server_errors = server.errors()
    print(f"hour_measured_s={seconds:.0f}")
    print_hour(stats)
    pages = stats["pages"]
    errors = sum(f["errors"] for k, f in stats.items() if k not in {"pages", "writes"})
    print(f"hour_errors={errors}")
    print(f"hour_errors_target={TARGETS['errors']}")
    print(f"hour_server_log_errors={len(server_errors)}")
    for line in server_errors[:5]:
        print(f"# server {line}")
    print(f"hour_pages_p95_ms_target=<{TARGETS['pages_p95_ms']}")
    print(f"hour_writes_p95_ms_target=<{TARGETS['writes_p95_ms']}")
    floor_p95 = stats.get("floor", {}).get("p95_ms")
    if floor_p95:
        print(f"hour_pages_p95_vs_floor={pages['p95_ms'] / floor_p95:.1f}")  # information only
    poll = checks["ballot_poll"]
    accepted = sum(1 for r in hour["records"] + rush["records"] if r[0] == "ballot" and r[2])
    # Sealed as cast: the box is not opened here (bench/ballots.py times the count).
    ballots = (
        SealedBallot.objects.filter(poll=poll).count() + Ballot.objects.filter(poll=poll).count()
    )
    used = Voted.objects.filter(poll=poll).count()
    ballots_per_s, inserts_per_s = (
        _rate(rush["records"], "ballot"),
        _rate(floor["records"], "floor_insert"),
    )
    rush_errors = sum(1 for r in rush["records"] + floor["records"] if not r[2])
    print(f"ballots_accepted={accepted}")
    print(f"ballots_lost={max(0, accepted - ballots) + max(0, used - ballots)}")
    print("ballots_lost_target=0")
    print(f"ballots_doubled={max(0, ballots - used)}")
    print("ballots_doubled_target=0")
    print(f"ballots_rush_errors={rush_errors}")
    print(f"ballots_per_s={ballots_per_s:.0f}")
    print(f"floor_insert_per_s={inserts_per_s:.0f}")
    ratio = ballots_per_s / inserts_per_s if inserts_per_s else 0.0
    print(f"ballots_vs_floor={ratio:.2f}")
    print(f"ballots_vs_floor_target=>={TARGETS['ballots_vs_floor']}")
