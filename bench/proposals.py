"""Proposal list and session report with 10,000 proposals in a district.

The district has four schools; one of them holds all 10,000 proposals (the worst case for its
pages), over one term of four sessions, in every state. Runs against a fresh test database and
prints `proposals_p95_ms` (the 95th percentile over every list and report request)."""

import datetime as dt
import os
import random
import statistics
import time

PROPOSALS = 10_000
ROUNDS = 40


def _setup_django() -> bool:
    """Set Django up when run on its own; returns True when `python -m bench` already did (it
    gives each benchmark a fresh, migrated, throwaway database)."""
    from django.apps import apps

    if apps.ready:
        return True
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhall.settings")
    os.environ.setdefault("UNIONHALL_DEBUG", "0")
    import django

    django.setup()
    return False


def _seed():
    from django.utils import timezone

    from unionhall.congress.models import Proposal, Representative, Session, Term
    from unionhall.congress.workflow import State
    from unionhall.orgs.models import Department, Organisation, RoleAssignment, User

    rng = random.Random(4)
    district = Organisation.objects.create(code="bench-d", name="基准区教育工会", kind="district")
    schools = [
        Organisation.objects.create(
            code=f"bench-s{i}", name=f"基准第{i}小学工会", kind="school", parent=district
        )
        for i in range(4)
    ]
    school = schools[0]
    chair = User.objects.create(username="bench-chair", display_name="主席")
    RoleAssignment.objects.create(user=chair, org=school, role="chair")
    leader = User.objects.create(username="bench-leader", display_name="校长")
    RoleAssignment.objects.create(user=leader, org=school, role="leader")
    depts = [Department.objects.create(org=school, name=f"部门{i}") for i in range(8)]
    today = timezone.localdate()
    term = Term.objects.create(
        org=school,
        number=1,
        starts_on=today - dt.timedelta(days=800),
        ends_on=today + dt.timedelta(days=300),
    )
    sessions = [
        Session.objects.create(
            org=school, term=term, number=i + 1, held_on=term.starts_on + dt.timedelta(days=180 * i)
        )
        for i in range(4)
    ]
    users = User.objects.bulk_create(
        User(username=f"bench-rep{i}", display_name=f"代表{i}") for i in range(60)
    )
    reps = Representative.objects.bulk_create(
        Representative(
            org=school, term=term, user=u, name=u.display_name, electoral_group=f"第{i % 5}组"
        )
        for i, u in enumerate(users)
    )
    states = list(State.values)
    weights = [1, 2, 3, 2, 1, 3, 1, 5, 20]
    now = timezone.now()
    rows = []
    per_session = PROPOSALS // len(sessions)
    for n in range(PROPOSALS):
        state = rng.choices(states, weights)[0]
        reviewed = state not in ("collecting", "submitted")
        answered = state in ("answered", "reanswer", "rated", "done")
        rows.append(
            Proposal(
                org=school,
                session=sessions[n // per_session],
                number=n % per_session + 1,
                title=f"关于改进第{n}项工作的建议",
                category=rng.choice(["teaching", "staff", "welfare", "logistics", "safety"]),
                reasons="理由" * 40,
                measures="措施" * 40,
                state=state,
                submitted_by=reps[n % len(reps)],
                submission_token=f"bench-{n}",
                review={"merged": "merged", "opinion": "opinion"}.get(state, "accepted")
                if reviewed
                else "",
                lead_department=depts[n % len(depts)] if reviewed else None,
                responsible=leader if reviewed else None,
                answer_due=today - dt.timedelta(days=rng.randint(-30, 300)) if reviewed else None,
                first_answered_at=now - dt.timedelta(days=rng.randint(0, 300))
                if answered
                else None,
                answered_on_time=rng.random() < 0.8 if answered else None,
                rating=rng.choice(["satisfied", "fairly", "unsatisfied"])
                if state in ("rated", "done")
                else "",
                rated_at=now if state in ("rated", "done") else None,
            )
        )
    Proposal.objects.bulk_create(rows, batch_size=1000)
    return school, chair, sessions


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def run() -> None:
    in_harness = _setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    # No setup_test_environment(): its instrumented template rendering would be timed too.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = None
    if not in_harness:  # run on its own: a throwaway test database
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        school, chair, sessions = _seed()
        client = Client()
        client.force_login(chair)
        base = f"/o/{school.code}/congress/"
        urls = [
            base + "proposals/",
            base + "proposals/?state=open",
            base + "proposals/?page=150",
            base + f"proposals/?session={sessions[-1].pk}&category=welfare",
            base + f"sessions/{sessions[-1].pk}/report/",
            base + f"sessions/{sessions[0].pk}/report/",
        ]
        for url in urls:  # warm up, and check every page answers
            assert client.get(url).status_code == 200, url
        samples: dict[str, list[float]] = {"list": [], "report": []}
        cpu: list[float] = []
        for _ in range(ROUNDS):
            for url in urls:
                start, start_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                elapsed = (time.perf_counter() - start) * 1000
                cpu.append((time.process_time() - start_cpu) * 1000)
                samples["report" if "/report/" in url else "list"].append(elapsed)
        every = samples["list"] + samples["report"]
        print(f"proposals_list_p95_ms={_p95(samples['list']):.1f}")
        print(f"proposals_report_p95_ms={_p95(samples['report']):.1f}")
        print(f"proposals_p50_ms={statistics.median(every):.1f}")
        # CPU time of this process per request: what the wall time would be on an idle machine.
        print(f"proposals_p95_cpu_ms={_p95(cpu):.1f}")
        print(f"proposals_p95_ms={_p95(every):.1f}")
    finally:
        if old_name is not None:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    run()
