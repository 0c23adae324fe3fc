"""The organiser takes the attendance of daily exercise on the session's grid, by keyboard and
by touch, at 375 px and 1366 px: the ticks can be seen (a checked box is a square filled with
the union's red with a white tick on it, an unticked one white), the arrow keys move along the
grid, Space ticks, Enter saves; "absent: …" saves the rest as present. The paper list and the
weekday choice draw their boxes the same way (they were flat bars)."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, assert_fits_phone, log_in, screenshot
from tests.factories import MemberFactory
from tests.factories_activities import activity, culture_of
from unionhall.activities.models import Attendance

pytestmark = pytest.mark.browser

DESKTOP = {**PHONE, "viewport": {"width": 1366, "height": 900}, "is_mobile": False}
NAMES = ["王芳", "李强", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏"]
UNION_RED = (165, 40, 52)


def _share(image: Image.Image, colour: tuple[int, int, int], within: int = 40) -> float:
    data = image.convert("RGB").tobytes()
    pixels = [data[i : i + 3] for i in range(0, len(data), 3)]
    near = sum(
        1 for p in pixels if all(abs(a - b) <= within for a, b in zip(p, colour, strict=True))
    )
    return near / len(pixels)


def assert_tick_shows(box, checked: bool) -> None:
    """A square box of a thumb's size (not a flat bar); ticked: red with a white tick drawn on
    it; unticked: white with no red."""
    size = box.bounding_box()
    assert size is not None and size["width"] >= 16, size
    assert abs(size["width"] - size["height"]) <= 2, f"not a square box: {size}"
    assert box.is_checked() is checked
    image = Image.open(io.BytesIO(box.screenshot()))
    red, white = _share(image, UNION_RED), _share(image, (255, 255, 255))
    if checked:
        assert red > 0.3 and white > 0.05, f"ticked box: red {red:.2f}, white tick {white:.2f}"
    else:
        assert red < 0.02 and white > 0.5, f"unticked box: red {red:.2f}, white {white:.2f}"


def assert_axe_passes(page) -> None:
    """No serious or critical axe-core finding on the page as it is."""
    from axe_playwright_python.sync_playwright import Axe

    found = [
        f"{v['id']}: {v['help']} {[' '.join(n['target']) for n in v['nodes'][:3]]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not found, found


def _exercise(school):
    today = timezone.localdate()
    organiser = culture_of(school, display_name="王老师")
    act = activity(
        school,
        organiser=organiser,
        title="教职工工间操",
        recurring=True,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=60),
        session_dates=[today],
    )
    members = [
        MemberFactory(org=school, name=name, name_pinyin=f"{n:02d}") for n, name in enumerate(NAMES)
    ]
    return organiser, act, members


def test_the_grid_is_ticked_by_keyboard_and_the_absent_named(browser, live_server, school):
    organiser, act, members = _exercise(school)
    session = act.sessions.get()
    url = f"/o/{school.code}/activities/{act.pk}/sessions/{session.pk}/"

    phone = browser.new_context(base_url=live_server.url, **PHONE)
    log_in(phone, organiser, live_server)
    page = phone.new_page()
    page.goto(url)
    assert_fits_phone(page)
    assert_axe_passes(page)
    first, second, third = (page.locator(f"#m{m.pk}") for m in members[:3])
    # Keyboard: Space ticks, the arrow keys move along the grid, Enter saves.
    first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect(second).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(third).to_be_focused()
    page.keyboard.press("Space")
    assert_tick_shows(first, checked=True)
    assert_tick_shows(second, checked=False)
    assert_tick_shows(third, checked=True)
    screenshot(page, "attendance-grid-1-ticked-375")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_be_visible()
    assert set(Attendance.objects.values_list("member__name", flat=True)) == {"王芳", "张伟"}
    assert_tick_shows(page.locator(f"#m{members[0].pk}"), checked=True)
    screenshot(page, "attendance-grid-2-saved-375")

    # "Absent: …": everyone but the two named is present, in one save (Enter in the box).
    page.locator("#absent").fill("李强、黄敏")
    with page.expect_navigation():
        page.locator("#absent").press("Enter")
    present = set(Attendance.objects.values_list("member__name", flat=True))
    assert present == set(NAMES) - {"李强", "黄敏"}
    assert_tick_shows(page.locator(f"#m{members[1].pk}"), checked=False)
    assert_tick_shows(page.locator(f"#m{members[2].pk}"), checked=True)
    screenshot(page, "attendance-grid-3-absent-named-375")
    phone.close()

    desk = browser.new_context(base_url=live_server.url, **DESKTOP)
    log_in(desk, organiser, live_server)
    page = desk.new_page()
    page.goto(url)
    # Four names a row: Down moves to the box below.
    page.locator(f"#m{members[0].pk}").focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"#m{members[4].pk}")).to_be_focused()
    assert_tick_shows(page.locator(f"#m{members[4].pk}"), checked=True)
    assert_tick_shows(page.locator(f"#m{members[7].pk}"), checked=False)
    screenshot(page, "attendance-grid-4-1366")
    assert_axe_passes(page)
    desk.close()


@pytest.mark.parametrize("shape", ["375", "1366"])
def test_the_paper_list_and_the_weekdays_show_their_ticks(browser, live_server, school, shape):
    organiser, act, _members = _exercise(school)
    context = browser.new_context(
        base_url=live_server.url, **(PHONE if shape == "375" else DESKTOP)
    )
    log_in(context, organiser, live_server)
    page = context.new_page()
    page.goto(f"/o/{school.code}/activities/{act.pk}/paper/")
    boxes = page.locator("input[name=members]")
    expect(boxes).to_have_count(len(NAMES))
    if shape == "375":
        assert_fits_phone(page)
        boxes.nth(0).tap()  # a thumb on the phone
        page.get_by_text(NAMES[2], exact=False).first.tap()  # the name is part of the target
    else:
        boxes.nth(0).click()
        page.get_by_text(NAMES[2], exact=False).first.click()
    assert_tick_shows(boxes.nth(0), checked=True)
    assert_tick_shows(boxes.nth(1), checked=False)
    assert_tick_shows(boxes.nth(2), checked=True)
    screenshot(page, f"attendance-paper-list-{shape}")
    assert_axe_passes(page)

    page.goto(f"/o/{school.code}/activities/new/")
    weekdays = page.locator("input[name=weekdays]")
    expect(weekdays).to_have_count(7)
    weekdays.nth(0).check()
    box = weekdays.nth(0).bounding_box()
    assert box["width"] < 40 and abs(box["width"] - box["height"]) <= 2, box
    assert weekdays.nth(0).is_checked()
    checked = Image.open(io.BytesIO(weekdays.nth(0).screenshot()))
    unchecked = Image.open(io.BytesIO(weekdays.nth(1).screenshot()))
    # Bootstrap's ticked box: filled blue with a white tick; the unticked one stays white.
    assert _share(checked, (13, 110, 253)) > 0.3 and _share(unchecked, (13, 110, 253)) < 0.02
    screenshot(page, f"attendance-weekdays-{shape}")
    context.close()
