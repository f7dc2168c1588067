"""`hamdel calendar ...` on the command line."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hamdel.sla.models import Calendar
from hamdel.sla.tests.calendar_factories import tehran_week

pytestmark = pytest.mark.django_db

TEHRAN = {
    "name": "Tehran support",
    "timezone": "Asia/Tehran",
    "periods": tehran_week(),
    "holidays": {"country": "IR"},
    "closures": [["2026-12-31", "2027-01-01"]],
    "extra_working_days": {"2027-01-08": [["08:00", "12:00"]]},
}


def run(*args: str) -> str:
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def tehran_file(tmp_path: Path) -> Path:
    path = tmp_path / "tehran.json"
    path.write_text(json.dumps(TEHRAN), encoding="utf-8")
    return path


def test_import_creates_then_replaces_by_name(tehran_file: Path) -> None:
    assert json.loads(run("import", str(tehran_file), "--json")) == {
        "name": "Tehran support",
        "created": True,
    }
    assert "Replaced" in run("import", str(tehran_file))
    assert Calendar.objects.count() == 1


def test_export_prints_the_canonical_file(tehran_file: Path) -> None:
    run("import", str(tehran_file))
    exported = json.loads(run("export", "Tehran support"))
    assert exported["periods"]["thu"] == [["08:00", "13:00"]]
    assert exported["holidays"] == {"country": "IR"}


def test_add_skips_the_iranian_friday(tehran_file: Path) -> None:
    run("import", str(tehran_file))
    output = run("add", "Tehran support", "2026-07-02T12:00:00+03:30", "120", "--json")
    assert json.loads(output) == {"due": "2026-07-04T09:00:00+03:30"}
    assert run("add", "Tehran support", "2026-07-02T08:30:00Z", "90").strip() == (
        "2026-07-04T08:30:00+03:30"
    )


def test_between_prints_minutes(tehran_file: Path) -> None:
    run("import", str(tehran_file))
    output = run(
        "between", "Tehran support", "2026-07-02T12:00:00+03:30", "2026-07-04T09:00:00Z", "--json"
    )
    assert json.loads(output) == {"minutes": 300, "seconds": 18000}
    assert (
        run("between", "Tehran support", "2026-07-04T08:00:00+03:30", "2026-07-04T08:00:30+03:30")
        == "0.5\n"
    )


def test_invalid_file_lists_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({**TEHRAN, "timezone": "Mars/Olympus", "periods": {"friday": []}}))
    with pytest.raises(
        CommandError, match=r"unknown timezone 'Mars/Olympus'.*unknown weekday 'friday'"
    ):
        run("import", str(path))


def test_instants_need_an_offset(tehran_file: Path) -> None:
    run("import", str(tehran_file))
    with pytest.raises(CommandError, match="has no offset"):
        run("add", "Tehran support", "2026-07-02T12:00:00", "10")


def test_unknown_calendar_is_named() -> None:
    with pytest.raises(CommandError, match="No calendar named 'Nowhere'"):
        run("export", "Nowhere")
