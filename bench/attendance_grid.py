"""Saving an activity session's attendance grid of 120 members, over HTTP under gunicorn.

A school of 120 members in service; daily exercise with one session a day over the last term.
The organiser's browser posts each day's grid as the page sends it: every name shown, 114 of
the 120 ticked (the absent untick), in one request; each timed request saves another day, so
every save writes its 114 attendances anew. Only those posts are timed (the redirect that
follows is not). The bare Django floor that inserts one row is asked as often on the same
server, so the figure reads against the least Django can do on this machine.

Prints `attendance_grid_p95_ms` (target: under 300 ms), its p50, errors, the floor's p95 and
`attendance_grid_rows` (must be SAVES × 114: every save recorded). On a machine shared with
other work the floor says how much of the figure is the machine: `attendance_grid_cpu_ms` is
the CPU time one save takes in-process (the same view and middleware, no HTTP), which load
changes less.
"""

MEMBERS = 120
ABSENT = 6
WARM_UP = 6
SAVES = 60
IN_PROCESS = 21
CONCURRENCY = 2  # = gunicorn workers


def _seed():
    import datetime as dt

    from django.utils import timezone

    from unionhall.activities import services
    from unionhall.activities.models import ActivityKind
    from unionhall.members.models import Member
    from unionhall.orgs.models import Department, Organisation, RoleAssignment, User

    district = Organisation.objects.create(
        code="bench-district", name="示范区教育工会", kind="district"
    )
    school = Organisation.objects.create(
        code="bench-school", name="示范区实验中学工会", kind="school", parent=district
    )
    organiser = User.objects.create_user(username="bench-culture", password="bench-pass-123")
    RoleAssignment.objects.create(user=organiser, org=school, role="committee_culture")
    departments = [
        Department.objects.create(org=school, name=name, sort_order=n)
        for n, name in enumerate(["语文组", "数学组", "英语组", "理化组", "体艺组", "行政后勤"])
    ]
    members = Member.objects.bulk_create(
        Member(
            org=school,
            name=f"教师{n:03d}",
            name_pinyin=f"jiaoshi{n:03d}",
            gender="F" if n % 2 else "M",
            id_number=f"3101051980{n:08d}",
            status="active",
            department=departments[n % len(departments)],
            joined_on=dt.date(2010, 9, 1),
        )
        for n in range(MEMBERS)
    )
    today = timezone.localdate()
    days = [today - dt.timedelta(days=n) for n in range(WARM_UP + SAVES + IN_PROCESS, 0, -1)]
    services.activity_kinds_seed(org=school)
    exercise = services.activity_create(
        org=school,
        actor=organiser,
        kind=ActivityKind.objects.get(org=school, code="sports"),
        title="教职工工间操",
        starts_on=days[0],
        ends_on=today,
        organiser=organiser,
        recurring=True,
        session_dates=days,
    )
    paths = [
        f"/o/{school.code}/activities/{exercise.pk}/sessions/{session.pk}/"
        for session in exercise.sessions.order_by("date")
    ]
    return organiser, [m.pk for m in members], paths


def _grid_form(member_ids: list[int]) -> list[tuple[str, str]]:
    """The grid's form as the browser sends it: every name shown, all but ABSENT ticked."""
    from bench._http import CSRF_TOKEN

    form = [("csrfmiddlewaretoken", CSRF_TOKEN), ("action", "grid")]
    form += [("shown", str(pk)) for pk in member_ids]
    form += [("present", str(pk)) for pk in member_ids[ABSENT:]]
    return form


def _save(base: str, path: str, cookie: str, form):
    from bench._http import CSRF_TOKEN

    async def flow(session) -> int:
        async with session.post(
            base + path,
            data=form,
            headers={"Cookie": f"{cookie}; csrftoken={CSRF_TOKEN}", "Referer": base + path},
            allow_redirects=False,
        ) as response:
            await response.read()
            # Saved: back to the grid (a refusal would redirect too, and the rows say so).
            return response.status if response.headers.get("Location") == path else 500

    return flow


def run() -> None:
    from bench import _http
    from unionhall.activities.models import Attendance

    organiser, member_ids, paths = _seed()
    cookie = _http.session_cookie(organiser)
    form = _grid_form(member_ids)
    in_process, paths = paths[:IN_PROCESS], paths[IN_PROCESS:]
    warm, timed = paths[:WARM_UP], paths[WARM_UP:]
    with _http.served(workers=CONCURRENCY) as base:
        _http.load(base, [_save(base, path, cookie, form) for path in warm], concurrency=2)
        _http.load(base, [_http.Request(_http.FLOOR)] * WARM_UP, concurrency=2)
        result = _http.load(
            base, [_save(base, path, cookie, form) for path in timed], concurrency=CONCURRENCY
        )
        floor_insert = _http.load(
            base,
            [
                _http.Request(_http.FLOOR_INSERT, method="POST", csrf=True, data={"key": f"k{n}"})
                for n in range(SAVES)
            ],
            concurrency=CONCURRENCY,
        )
    _http.print_figures("attendance_grid", result)
    print(f"attendance_grid_floor_insert_p95_ms={floor_insert.p95_ms:.1f}")
    rows = Attendance.objects.filter(session__date__gte=_first_timed_day(paths, WARM_UP)).count()
    print(f"attendance_grid_rows={rows}")
    print(f"attendance_grid_rows_expected={SAVES * (MEMBERS - ABSENT)}")
    print(f"attendance_grid_cpu_ms={_cpu_ms(organiser, in_process, form):.1f}")


def _cpu_ms(organiser, paths, form) -> float:
    """The median CPU time of one save, through the whole Django stack in this process."""
    import statistics
    import time

    from django.test import Client

    client = Client()
    client.force_login(organiser)
    data: dict[str, list[str]] = {}
    for key, value in form:
        if key != "csrfmiddlewaretoken":
            data.setdefault(key, []).append(value)
    client.post(paths[0], data)
    times = []
    for path in paths[1:]:
        began = time.process_time()
        response = client.post(path, data)
        times.append((time.process_time() - began) * 1000)
        assert response.status_code == 302 and response["Location"] == path, response
    return statistics.median(times)


def _first_timed_day(paths, warm):
    from unionhall.activities.models import Session

    session_id = int(paths[warm].rstrip("/").rsplit("/", 1)[1])
    return Session.objects.get(pk=session_id).date
