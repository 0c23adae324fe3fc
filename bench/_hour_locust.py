"""The locustfile of bench/hour.py: one school's busiest hour, as its people use the site.

Run by bench/hour.py (`locust -f bench/_hour_locust.py --headless …`), never imported by the app
or by Django: it reads the scenario (who logs in with what, which pages and records) from the
JSON file named by UNIONHALL_BENCH_HOUR_SCENARIO, and writes every timed request to the JSON
file named by UNIONHALL_BENCH_HOUR_OUT. UNIONHALL_BENCH_HOUR_PHASE chooses what runs:

- `hour`: staff on phones, classes voting with one-time codes, the committee at work, and a
  probe asking the bare views beside them. Everyone logs in first (timed as `login`); the hour
  starts when the last one is in, and lasts `seconds` (or `max_requests`).
- `rush_ballots`: the classes cast the remaining codes as fast as they can (POST only).
- `rush_floor`: the same users POST the bare insert as often, the same way.

The server runs with production settings behind no proxy, so every request says what nginx
would (X-Forwarded-Proto: https) and every form POST carries its Origin, as a browser's does;
the cookies (Secure in production) are kept and sent over the plain connection.
"""

import itertools
import json
import os
import random
import re
import time
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import urlencode

import gevent
from gevent.event import Event
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

SCENARIO = json.loads(open(os.environ["UNIONHALL_BENCH_HOUR_SCENARIO"], encoding="utf-8").read())
OUT = os.environ["UNIONHALL_BENCH_HOUR_OUT"]
PHASE = os.environ.get("UNIONHALL_BENCH_HOUR_PHASE", "hour")
BASE = SCENARIO["base"]
ORIGIN = "https://" + BASE.split("://", 1)[1]
SCHOOL = SCENARIO["school"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TICKET = re.compile(r'name="ticket" value="([^"]+)"')
FIXED_CSRF = "benchcsrftoken0123456789abcdefgh"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}

# Every timed request: [kind, milliseconds, ok, started (s, perf counter), ended, note].
RECORDS: list[list] = []
GATE = Event()  # set when every user of the hour is logged in
STATE = {"arrived": 0, "started": None, "stopping": False}


def _expected_users() -> int:
    counts = SCENARIO["users"]
    if PHASE == "hour":
        return counts["staff"] + counts["classes"] + counts["committee"] + counts["probe"]
    return counts["classes"]


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, context, **kw):
    if name == "login" or GATE.is_set():
        ended = time.perf_counter()
        note = (context or {}).get("note", "") if exception else ""
        if exception and not note:
            note = repr(exception)[:200]
        RECORDS.append(
            [name, response_time, exception is None, ended - response_time / 1000, ended, note]
        )
        if len(RECORDS) >= SCENARIO["max_requests"] and not STATE["stopping"]:
            _stop_soon(0)


def _stop_soon(delay: float) -> None:
    STATE["stopping"] = True

    def stop():
        gevent.sleep(delay)
        runner = _ENV.runner
        if runner is not None:
            runner.quit()

    gevent.spawn(stop)


_ENV = None


@events.init.add_listener
def _init(environment, **kwargs):
    global _ENV
    _ENV = environment


@events.quitting.add_listener
def _write(environment, **kwargs):
    with open(OUT, "w", encoding="utf-8") as out:
        json.dump({"started": STATE["started"], "records": RECORDS}, out)


def _arrive() -> None:
    """One more user is ready; the last one opens the gate and starts the clock."""
    STATE["arrived"] += 1
    if STATE["arrived"] >= _expected_users() and not GATE.is_set():
        STATE["started"] = time.perf_counter()
        GATE.set()
        if PHASE == "hour":
            _stop_soon(SCENARIO["seconds"])


class _Visitor(FastHttpUser):
    abstract = True
    host = BASE
    # A phone on the school's Wi-Fi: a page at a time, one connection per person.
    concurrency = 1
    network_timeout = 60.0
    connection_timeout = 60.0

    def on_start(self):
        self.client.cookiejar.set_policy(DefaultCookiePolicy(secure_protocols=("https", "http")))

    # One request, timed under `kind`, counted an error unless its status is in `expect`.
    def send(self, kind, path, *, data=None, expect=(200,), method=None):
        headers = {"X-Forwarded-Proto": "https"}
        body = None
        if data is not None:
            headers.update(FORM)
            headers["Origin"] = ORIGIN
            body = urlencode(data, doseq=True)
        with self.client.request(
            method or ("POST" if data is not None else "GET"),
            path,
            name=kind,
            data=body,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.headers is None:  # no answer at all (refused, timed out)
                response.request_meta["context"] = {
                    "note": f"no answer {path}: {getattr(response, 'error', None)!r}"[:200]
                }
                response.failure("no answer")
                return 0, ""
            binary = "html" not in (response.headers.get("content-type") or "")
            text = "" if binary else (response.text or "")
            if response.status_code in expect:
                response.success()
            else:
                response.request_meta["context"] = {
                    "note": f"{response.status_code} {path}: {text[:160]!r}"
                }
                response.failure(f"{response.status_code}")
            return response.status_code, text

    def pause(self, low, high):
        gevent.sleep(random.uniform(low, high))

    def login(self, username, password):
        _status, page = self.send("login", "/login/")
        token = CSRF.search(page)
        status, _text = self.send(
            "login",
            "/login/",
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": username,
                "password": password,
            },
            expect=(302,),
        )
        return status == 302

    def gate(self, ok: bool = True, spread: float = 0.0):
        """Wait until everyone is logged in; then come in at a moment of one's own within
        `spread` seconds (people do not all open the site in the same second)."""
        _arrive()
        GATE.wait()
        if not ok:
            raise StopUser()
        if spread:
            self.pause(0, spread)


def _token(page: str) -> str:
    found = CSRF.search(page)
    return found.group(1) if found else ""


class Staff(_Visitor):
    """A teacher on a phone between lessons: the day's things once, then reading."""

    fixed_count = SCENARIO["users"]["staff"] if PHASE == "hour" else 0
    wait_time = between(*SCENARIO["pace"]["staff"])

    def on_start(self):
        super().on_start()
        self.me = SCENARIO["staff"].pop()
        if self.me["session"]:  # still logged in on this phone
            _set_cookie(self.client, "sessionid", self.me["session"])
            ok = True
        else:
            ok = self.login(self.me["username"], self.me["password"])
        self.gate(ok, spread=SCENARIO["pace"]["staff"][1])
        steps = [self.notices, self.signup, self.checkin, self.suggest, self.disclosure, self.vote]
        random.shuffle(steps)
        self.journey = iter([self.home, *steps])
        self.reads = itertools.cycle([self.home, self.notices, self.disclosure])

    @task
    def next_page(self):
        step = next(self.journey, None) or next(self.reads)
        step()

    def home(self):
        self.send("home", f"/o/{SCHOOL}/")

    def notices(self):
        _status, page = self.send("notices", f"/o/{SCHOOL}/notices/")
        links = re.findall(rf'href="(/o/{SCHOOL}/notices/\d+/)"', page)
        if links:
            self.pause(*SCENARIO["pace"]["reading"])
            self.send("notice", random.choice(links))

    def signup(self):
        path = f"/o/{SCHOOL}/activities/{SCENARIO['signup_activity']}/signup/"
        _status, page = self.send("signup_form", path)
        self.pause(*SCENARIO["pace"]["form"])
        self.send("signup", path, data={"csrfmiddlewaretoken": _token(page)}, expect=(302,))

    def checkin(self):
        self.send("checkin", SCENARIO["checkin_path"])

    def suggest(self):
        path = f"/o/{SCHOOL}/voice/"
        _status, page = self.send("suggestion_form", path)
        token = re.search(r'name="token" value="([^"]+)"', page)
        categories = re.findall(r'<option value="(\d+)"', page)
        self.pause(*SCENARIO["pace"]["form"])
        text = random.choice(SCENARIO["suggestions"])
        self.send(
            "suggestion",
            path,
            data={
                "csrfmiddlewaretoken": _token(page),
                "token": token.group(1) if token else "",
                "category": random.choice(categories) if categories else "",
                "title": text[0],
                "body": text[1],
            },
            expect=(302,),
        )

    def disclosure(self):
        self.send("disclosure", f"/o/{SCHOOL}/funds/disclosure/")

    def vote(self):
        path = f"/o/{SCHOOL}/polls/{SCENARIO['member_poll']}/vote/"
        _status, page = self.send("vote_form", path)
        self.pause(*SCENARIO["pace"]["form"])
        self.send(
            "vote",
            path,
            data={
                "csrfmiddlewaretoken": _token(page),
                f"q{SCENARIO['member_question']}": random.choice(["for", "for", "against"]),
            },
        )


class ClassVote(_Visitor):
    """One class's 学生评教: its students vote one after another on the class's device (or their
    own phones), each a fresh browser: open the ballot, read, answer."""

    fixed_count = SCENARIO["users"]["classes"]
    wait_time = between(*SCENARIO["pace"]["next_student"])

    def on_start(self):
        super().on_start()
        self.codes = SCENARIO["codes"][PHASE].pop()
        self.gate(spread=SCENARIO["pace"]["ballot"][1] if PHASE == "hour" else 0)

    def _ballot(self, ticket):
        data = {f"q{SCENARIO['ballot_question']}": random.choice(SCENARIO["points"])}
        if random.random() < 0.15:
            data[f"q{SCENARIO['ballot_comment']}"] = "老师讲课很认真，希望作业少一点。"
        # The ballot page's signed ticket travels in the body, never in the path.
        data["ticket"] = ticket
        return f"/p/{SCHOOL}/polls/ballot/", data

    @task
    def next_student(self):
        if not self.codes:
            if PHASE != "hour":
                _arrive_done()
            raise StopUser()
        code = self.codes.pop()  # in the rush, the ticket of a ballot page already open
        path, data = self._ballot(code)
        if PHASE == "hour":
            self.client.cookiejar.clear()
            self._csrf_set = False
            self._fixed_csrf()
            # The entry page posts the scanned code; the ballot is the answer to that POST.
            _status, page = self.send(
                "ballot_form",
                f"/p/{SCHOOL}/polls/",
                data={"code": code, "csrfmiddlewaretoken": FIXED_CSRF},
            )
            self.pause(*SCENARIO["pace"]["ballot"])
            data["csrfmiddlewaretoken"] = _token(page)
            found = TICKET.search(page)
            data["ticket"] = found.group(1) if found else ""
            self.send("ballot", path, data=data)
        elif PHASE == "rush_ballots":
            self._fixed_csrf()
            data["csrfmiddlewaretoken"] = FIXED_CSRF
            self.send("ballot", path, data=data)
        else:
            self._fixed_csrf()
            self.send(
                "floor_insert", SCENARIO["floor_insert"], data={"csrfmiddlewaretoken": FIXED_CSRF}
            )

    def _fixed_csrf(self):
        if not getattr(self, "_csrf_set", False):
            _set_cookie(self.client, "csrftoken", FIXED_CSRF)
            self._csrf_set = True


def _set_cookie(client, name: str, value: str) -> None:
    """A cookie for the server's host, as the browser would hold it."""
    from http.cookiejar import Cookie

    host = BASE.split("://", 1)[1].split(":")[0]
    client.cookiejar.set_cookie(
        Cookie(
            0,
            name,
            value,
            None,
            False,
            host,
            False,
            False,
            "/",
            True,
            False,
            None,
            False,
            None,
            None,
            {},
        )
    )


_DONE = {"n": 0}


def _arrive_done() -> None:
    _DONE["n"] += 1
    if _DONE["n"] >= SCENARIO["users"]["classes"]:
        _stop_soon(0)


if PHASE != "hour":
    ClassVote.wait_time = staticmethod(lambda: 0)  # type: ignore[assignment]


class Committee(_Visitor):
    """The chair and committee at their desks: the register, care, attendance, the summary."""

    fixed_count = SCENARIO["users"]["committee"] if PHASE == "hour" else 0
    wait_time = between(*SCENARIO["pace"]["committee"])

    def on_start(self):
        super().on_start()
        login = SCENARIO["committee"]
        ok = self.login(login["username"], login["password"])
        self.gate(ok, spread=SCENARIO["pace"]["committee"][1])
        self.work = itertools.cycle(
            random.sample(
                [self.members, self.search, self.care, self.attendance, self.summary, self.export],
                6,
            )
        )

    @task
    def next_job(self):
        next(self.work)()

    def members(self):
        department = random.choice(SCENARIO["departments"])
        base = f"/o/{SCHOOL}/members/?department={department}&status=active"
        self.send("members", base)
        self.pause(*SCENARIO["pace"]["reading"])
        self.send("members", f"/o/{SCHOOL}/members/?status=active&sort=department&page=2")

    def search(self):
        self.send("members", f"/o/{SCHOOL}/members/?q={random.choice(SCENARIO['surnames'])}")

    def care(self):
        path = f"/o/{SCHOOL}/care/new/"
        _status, page = self.send("care_form", path)
        self.pause(*SCENARIO["pace"]["form"])
        # The member is found by typing a surname into the form's picker (core/picker.py).
        surname = random.choice(SCENARIO["surnames"])
        self.send("care_pick", f"{path}pick/members/?{urlencode({'members_q': surname})}")
        self.send(
            "care_entry",
            path,
            data={
                "csrfmiddlewaretoken": _token(page),
                "kind": "other",
                "members": random.choice(SCENARIO["care_members"]),
                "date": SCENARIO["today"],
                "is_cash": "on",
                "amount": "100",
                "visitors_text": "工会主席",
                "note": "慰问",
            },
            expect=(302,),
        )
        self.send("care", f"/o/{SCHOOL}/care/")

    def attendance(self):
        path = SCENARIO["attendance_path"]
        _status, page = self.send("attendance_list", path)
        shown = re.findall(r'name="shown" value="(\d+)"', page)
        self.pause(*SCENARIO["pace"]["form"])
        ticked = random.sample(shown, min(len(shown), 30))
        self.send(
            "attendance",
            path,
            data={"csrfmiddlewaretoken": _token(page), "shown": shown, "present": ticked},
            expect=(302,),
        )

    def summary(self):
        self.send("summary", f"/o/{SCHOOL}/reports/summary/")

    def export(self):
        self.send("export", f"/o/{SCHOOL}/members/export.xlsx")


class Probe(_Visitor):
    """The bare views beside the app, asked at a phone's pace under the same load."""

    fixed_count = SCENARIO["users"]["probe"] if PHASE == "hour" else 0
    wait_time = between(*SCENARIO["pace"]["probe"])

    def on_start(self):
        super().on_start()
        self.gate(spread=SCENARIO["pace"]["probe"][1])

    @task
    def floor(self):
        self.send("floor", SCENARIO["floor"])
        ClassVote._fixed_csrf(self)  # type: ignore[arg-type]
        self.send(
            "floor_insert", SCENARIO["floor_insert"], data={"csrfmiddlewaretoken": FIXED_CSRF}
        )
