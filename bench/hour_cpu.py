"""What each request kind of the busiest hour costs in the server's own process: `python -m bench
hour_cpu`.

bench/hour.py times the hour over HTTP, and on a machine shared with other work its latencies
are mostly the queue for a core (the bare view's own p95 moves with them). This benchmark builds
the same school (bench.hour.build) and asks for each kind of request through Django's test
client in this process, without a server: `hour_cpu_<kind>_ms` is the median CPU time of one
request (process time, so other processes' load hardly moves it) and `hour_queries_<kind>` the
queries it reads. A form and its POST are one kind each, as in the hour; a write kind is timed
once per person (a sign-up, a check-in, a vote or a ballot happens once).
`summary_after_writes` is the summary as a desk meets it in the hour: each request after
attendance ticked, a care entry and a suggestion (made untimed), so the parts that read
activities, care and voice are built again and the others read from the cache.

UNIONHALL_BENCH_HOUR_CPU_REPEAT: requests per kind (default 15; the summary and the export 8).
"""

import os
import re
import statistics
import time
from pathlib import Path

REPEAT = int(os.environ.get("UNIONHALL_BENCH_HOUR_CPU_REPEAT", 15))


def _measure(kind: str, request, repeat: int = REPEAT, before=None) -> None:
    """`request(i)` makes the i-th request of the kind (0 warms up, 1 counts the queries);
    `before(i)`, if given, runs untimed before each."""
    from django.db import connection

    before = before or (lambda i: None)
    before(0)
    request(0)
    queries = []

    def counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    before(1)
    with connection.execute_wrapper(counted):
        response = request(1)
    cpu = []
    for i in range(repeat):
        before(i + 2)
        started = time.process_time()
        request(i + 2)
        cpu.append((time.process_time() - started) * 1000)
    print(f"hour_cpu_{kind}_ms={statistics.median(cpu):.1f}")
    print(f"hour_queries_{kind}={len(queries)}")
    print(f"# {kind}: status {response.status_code}", flush=True)


def run() -> None:
    from django.test import Client, override_settings

    from bench import hour

    workdir = Path(os.environ.get("UNIONHALL_VAR_DIR", "."))
    scenario, checks = hour.build(workdir)
    school = scenario["school"]
    base = f"/o/{school}"
    chair = checks["chair"]
    logins = [s["username"] for s in scenario["staff"]]

    from django.contrib.auth import get_user_model

    with override_settings(SECRET_KEY=checks["secret"], ALLOWED_HOSTS=["testserver"]):
        # Sessions signed with the key the requests are read with.
        users = {u.username: u for u in get_user_model().objects.filter(username__in=logins)}
        staff = []
        for username in logins[: REPEAT + 3]:
            client = Client()
            client.force_login(users[username])
            staff.append(client)
        desk = Client()
        desk.force_login(chair)
        codes = [code for group in scenario["codes"]["hour"] for code in group]
        student = Client()
        departments = scenario["departments"]
        reader = staff[0]
        _measure("home", lambda i: reader.get(f"{base}/"))
        _measure("notices", lambda i: reader.get(f"{base}/notices/"))
        page = reader.get(f"{base}/notices/").content.decode()
        for notice in re.findall(rf'href="({base}/notices/\d+/)"', page)[:1]:
            _measure("notice", lambda i: reader.get(notice))  # noqa: B023 (used at once)
        signup = f"{base}/activities/{scenario['signup_activity']}/signup/"
        _measure("signup_form", lambda i: reader.get(signup))
        _measure("suggestion_form", lambda i: reader.get(f"{base}/voice/"))
        _measure("disclosure", lambda i: reader.get(f"{base}/funds/disclosure/"))
        vote = f"{base}/polls/{scenario['member_poll']}/vote/"
        _measure("vote_form", lambda i: reader.get(vote))
        entry = f"/p/{school}/polls/"
        _measure("ballot_form", lambda i: student.post(entry, {"code": codes[i]}))
        _measure(
            "members",
            lambda i: desk.get(
                f"{base}/members/?department={departments[i % len(departments)]}&status=active"
            ),
        )
        _measure("care_form", lambda i: desk.get(f"{base}/care/new/"))
        _measure(
            "care_pick",
            lambda i: desk.get(
                f"{base}/care/new/pick/members/",
                {"members_q": scenario["surnames"][i % len(scenario["surnames"])]},
            ),
        )
        _measure("care", lambda i: desk.get(f"{base}/care/"))
        _measure("attendance_list", lambda i: desk.get(scenario["attendance_path"]))
        _measure("summary", lambda i: desk.get(f"{base}/reports/summary/"), min(REPEAT, 8))
        _measure("export", lambda i: desk.get(f"{base}/members/export.xlsx"), min(REPEAT, 8))
        # Writes: each by another person, as in the hour.
        _measure("signup", lambda i: staff[i].post(signup, {}))
        _measure("checkin", lambda i: staff[i].get(scenario["checkin_path"]))
        question = f"q{scenario['member_question']}"
        _measure("vote", lambda i: staff[i].post(vote, {question: "for"}))
        ballot = f"/p/{school}/polls/ballot/"
        answer = f"q{scenario['ballot_question']}"
        _measure(
            "ballot", lambda i: student.post(ballot, {"code": codes[100 + i], answer: "basic"})
        )
        token = re.compile(r'name="token" value="([^"]+)"')
        suggestions = scenario["suggestions"]

        def suggestion(i):
            # The form's one-time token comes with the page: the form is read first (timed too).
            form = staff[i].get(f"{base}/voice/").content.decode()
            title, body = suggestions[i % len(suggestions)]
            category = re.findall(r'<option value="(\d+)"', form)
            data = {"token": token.search(form).group(1), "title": title, "body": body}
            data["category"] = category[0] if category else ""
            return staff[i].post(f"{base}/voice/", data)

        _measure("suggestion_with_form", suggestion)
        care = scenario["care_members"]
        _measure(
            "care_entry",
            lambda i: desk.post(
                f"{base}/care/new/",
                {
                    "kind": "other",
                    "members": care[i % len(care)],
                    "date": scenario["today"],
                    "is_cash": "on",
                    "amount": "100",
                    "visitors_text": "工会主席",
                    "note": "慰问",
                },
            ),
        )
        shown = re.compile(r'name="shown" value="(\d+)"')

        def attendance(i):
            path = scenario["attendance_path"]
            listed = shown.findall(desk.get(path).content.decode())
            return desk.post(path, {"shown": listed, "present": listed[: 20 + i % 10]})

        _measure("attendance_with_list", attendance)

        def busy(i):
            # What the hour changes between two of a desk's summaries: attendance ticked, a
            # care entry, a suggestion (activities, care and voice).
            attendance(i)
            desk.post(
                f"{base}/care/new/",
                {"kind": "other", "members": care[i % len(care)], "date": scenario["today"]}
                | {"is_cash": "on", "amount": "100", "visitors_text": "工会主席", "note": "慰问"},
            )
            suggestion(0)

        # The summary as a desk meets it in the hour: its activities', care's and voice's parts
        # built again, the others' read from the cache.
        _measure(
            "summary_after_writes",
            lambda i: desk.get(f"{base}/reports/summary/"),
            min(REPEAT, 8),
            before=busy,
        )
