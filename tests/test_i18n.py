"""Chinese by default, English on request, and no message left untranslated."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import MemberFactory
from tests.personas import chair_of

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory) -> Path:
    """The catalogue as makemessages would write it from today's source, in a scratch copy."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext (xgettext, msgfmt) is needed: apt-get install gettext")
    work = tmp_path_factory.mktemp("i18n")
    shutil.copytree(
        ROOT / "unionhall", work / "unionhall", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "locale", work / "locale")
    shutil.copy(ROOT / "manage.py", work / "manage.py")
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=work,
        check=True,
        capture_output=True,
    )
    return work / "locale/zh_Hans/LC_MESSAGES/django.po"


def test_every_message_in_the_source_has_a_chinese_translation(fresh_catalogue):
    stats = subprocess.run(
        ["msgfmt", "--statistics", "--check-format", "-o", "/dev/null", str(fresh_catalogue)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "untranslated" not in stats and "fuzzy" not in stats, (
        f"{stats.strip()} — run `make messages` and translate the new entries in {PO}"
    )


def test_the_committed_catalogue_is_up_to_date_with_the_source(fresh_catalogue):
    def msgids(path: Path) -> set[str]:
        """Each msgid with its continuation lines joined, however the file was wrapped."""
        found, current = set(), None
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("msgid ", "msgid_plural ")):
                current = line.split(" ", 1)[1].strip('"')
            elif line.startswith('"') and current is not None:
                current += line.strip('"')
            else:
                if current:
                    found.add(current)
                current = None
        return found

    assert msgids(fresh_catalogue) == msgids(PO), "run `make messages`: django.po is stale"


def test_the_compiled_catalogue_matches_the_po_file(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(PO)], check=True)
    with compiled.open("rb") as fresh, MO.open("rb") as committed:
        assert (
            gettext.GNUTranslations(fresh)._catalog == gettext.GNUTranslations(committed)._catalog
        ), "run `make messages`: django.mo is older than django.po"


def test_pages_are_chinese_by_default_and_english_on_request(client, school):
    client.force_login(chair_of(school))
    MemberFactory(org=school)
    url = f"/o/{school.code}/members/"
    assert "会员档案" in client.get(url).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": url})
    assert "Member register" in client.get(url).content.decode()


def test_an_import_error_reads_as_plain_chinese(client, school):
    import datetime as dt

    from tests.factories import DepartmentFactory, make_id_number
    from tests.xlsx import upload, xlsx_bytes

    client.force_login(chair_of(school))
    DepartmentFactory(org=school, name="语文组")
    rows = []
    for n in range(11):
        born = dt.date(1980, 1, 1) + dt.timedelta(days=40 * n)
        rows.append([f"老师{n}", "", "", "", make_id_number(born), "", "语文组"])
    bad = rows[10][4]
    rows[10][4] = bad[:17] + ("1" if bad[17] == "0" else "0")
    header = ["姓名", "性别", "出生日期", "农历生日", "身份证号", "手机号", "部门"]
    response = client.post(
        f"/o/{school.code}/members/import/", {"file": upload(xlsx_bytes(rows, header=header))}
    )
    assert "第12行 身份证号：校验位错误" in response.content.decode()


def test_an_english_browser_still_gets_chinese_until_english_is_chosen(client, school):
    client.force_login(chair_of(school))
    url = f"/o/{school.code}/members/"
    assert "会员档案" in client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
