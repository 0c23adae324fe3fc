"""300 members checking in to one activity by its QR code, over HTTP under gunicorn.

A school of 300 members, each with a login; one activity today with its session. Each member is
logged in first (a session per member, made in-process); then every member opens the check-in
URL the QR code carries, and only those requests are timed. 300 within a minute is 5 a second;
they are sent as fast as two connections allow (as many as gunicorn has workers, so no request
waits in a queue the arrival rate would not make), which is faster than that: the run must take
under a minute (`checkin_seconds`). A bare Django view (same middleware, no work) and the floor
that inserts one row are asked as often, on the same server, so the figures read against the
least Django can do on this machine.

Prints `checkin_p95_ms` (target: under 100 ms), its p50, requests per second, errors, the
floors' p95 and the attendance rows written (must be 300).
"""

MEMBERS = 300
WARM_UP = 12
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
    department = Department.objects.create(org=school, name="体育组")
    users = User.objects.bulk_create(
        User(username=f"bench-m{n:04d}", display_name=f"教师{n:04d}")
        for n in range(MEMBERS + WARM_UP)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, org=school, role="member") for user in users
    )
    Member.objects.bulk_create(
        Member(
            org=school,
            user=user,
            name=user.display_name,
            name_pinyin=f"jiaoshi{n:04d}",
            gender="F" if n % 2 else "M",
            id_number=f"3101051980{n:08d}",
            status="active",
            department=department,
            joined_on=dt.date(2010, 9, 1),
        )
        for n, user in enumerate(users)
    )
    services.activity_kinds_seed(org=school)
    sports = services.activity_create(
        org=school,
        actor=organiser,
        kind=ActivityKind.objects.get(org=school, code="sports"),
        title="教职工趣味运动会",
        starts_on=timezone.localdate(),
        organiser=organiser,
    )
    session = sports.sessions.get()
    path = f"/o/{school.code}/activities/{sports.pk}/checkin/{services.checkin_token(session)}/"
    return users, path, session


def run() -> None:
    from bench import _http
    from unionhall.activities.models import Attendance

    users, path, session = _seed()
    cookies = [_http.session_cookie(user) for user in users]
    warm, timed = cookies[:WARM_UP], cookies[WARM_UP:]
    with _http.served(workers=2) as base:
        _http.load(base, [_http.Request(path, cookie=c) for c in warm], concurrency=4)
        _http.load(base, [_http.Request(_http.FLOOR)] * WARM_UP, concurrency=4)
        result = _http.load(
            base, [_http.Request(path, cookie=c) for c in timed], concurrency=CONCURRENCY
        )
        floor = _http.load(base, [_http.Request(_http.FLOOR)] * MEMBERS, concurrency=CONCURRENCY)
        floor_insert = _http.load(
            base,
            [
                _http.Request(_http.FLOOR_INSERT, method="POST", csrf=True, data={"key": f"k{n}"})
                for n in range(MEMBERS)
            ],
            concurrency=CONCURRENCY,
        )
    _http.print_figures("checkin", result)
    print(f"checkin_seconds={result.elapsed_s:.1f}")
    print(f"checkin_floor_p95_ms={floor.p95_ms:.1f}")
    print(f"checkin_floor_insert_p95_ms={floor_insert.p95_ms:.1f}")
    print(f"checkin_rows={Attendance.objects.filter(session=session).count() - WARM_UP}")
