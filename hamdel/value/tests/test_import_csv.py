"""Orders from a CSV file: each bad row is skipped with its reason; an order is stored once."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from hamdel.people.models import Customer
from hamdel.test import Cast
from hamdel.value import actions
from hamdel.value.models import ImportState, Transaction, TransactionImport
from hamdel.value.tests.factories import day

pytestmark = pytest.mark.django_db


def _file(cast: Cast) -> str:
    lines = [
        "Order_ID, date ,amount,currency,customer_id,email,name",
        f"A-1,{day(40)},19.90,eur,{cast.customer.pk},,",
        f"A-2,{day(20)},5,EUR,,new.buyer@example.com,Nima Rad",
        f"A-3,21/03/2026,10,EUR,{cast.customer.pk},,",  # a date in another format
        f"A-4,{day(10)},ten,EUR,{cast.customer.pk},,",
        f"A-5,{day(10)},-3,EUR,{cast.customer.pk},,",
        f"A-6,{day(10)},3,EURO,{cast.customer.pk},,",
        f"A-7,{day(10)},3,EUR,,,",  # nobody
        f"A-8,{day(10)},3,EUR,999999,,",
        f",{day(10)},3,EUR,{cast.customer.pk},,",
        f"A-1,{day(40)},19.90,EUR,{cast.customer.pk},,",  # the same order again
        f"A-2,{day(20)},7,EUR,,new.buyer@example.com,",  # the same order id, another amount
        f"A-9,{day(-5)},3,EUR,{cast.customer.pk},,",
    ]
    return "\n".join(lines) + "\n"


def test_bad_rows_are_skipped_with_their_line_and_reason(cast: Cast) -> None:
    batch = actions.start_import("orders.csv", _file(cast), cast.sam.user)
    assert batch.total_rows == 12
    batch = actions.run_import(batch.pk)
    assert batch.state == ImportState.DONE
    assert (batch.imported_rows, batch.duplicate_rows, batch.skipped_rows) == (2, 1, 9)
    reasons = {skip["row"]: skip["reason"] for skip in batch.skipped}
    assert reasons == {
        4: "The date 21/03/2026 is not a date like 2026-03-21.",
        5: "The amount ten is not a number.",
        6: "The amount must be zero or more.",
        7: "The currency is not a three-letter code like EUR.",
        8: "No customer: give a customer id, an email or a phone.",
        9: "There is no customer 999999.",
        10: "The order id is missing.",
        12: "Order A-2 is already recorded with another date, amount or customer.",
        13: "The date is in the future.",
    }
    stored = Transaction.objects.get(order_id="A-1")
    assert (stored.customer_id, stored.amount, stored.currency) == (
        cast.customer.pk,
        Decimal("19.90"),
        "EUR",
    )
    buyer = Customer.objects.get(pk=Transaction.objects.get(order_id="A-2").customer_id)
    assert buyer.name == "Nima Rad"
    assert batch.content == ""  # the file (customers' data) is not kept after the import


def test_importing_the_same_file_twice_stores_each_order_once(cast: Cast) -> None:
    for _ in range(2):
        batch = actions.run_import(actions.start_import("o.csv", _file(cast), None).pk)
    assert batch.imported_rows == 0
    assert batch.duplicate_rows == 3
    assert Transaction.objects.count() == 2


def test_a_file_without_the_columns_is_refused() -> None:
    with pytest.raises(ValidationError, match="no column currency"):
        actions.start_import("o.csv", "order_id,date,amount,email\n", None)


def test_the_upload_page_imports_and_shows_the_progress_and_the_report(
    cast: Cast, client: Client, settings: object
) -> None:
    from huey.contrib.djhuey import HUEY

    client.force_login(cast.sam.user)
    upload = SimpleUploadedFile("orders.csv", _file(cast).encode(), content_type="text/csv")
    HUEY.immediate = True
    try:
        with pytest.MonkeyPatch.context() as patch:
            # on_commit runs at once in a test's transaction only when asked
            patch.setattr("django.db.transaction.on_commit", lambda run, **kw: run())
            response = client.post(reverse("value-upload"), {"file": upload})
    finally:
        HUEY.immediate = False
    batch = TransactionImport.objects.get()
    assert response["Location"] == reverse("value-import", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'value="100"' in page  # the progress bar, full
    assert "There is no customer 999999." in page
    fragment = client.get(reverse("value-import-progress", args=[batch.pk])).content.decode()
    assert "hx-get" not in fragment  # finished: the page stops polling


def test_an_unfinished_import_polls_its_progress(cast: Cast, client: Client) -> None:
    batch = actions.start_import("o.csv", _file(cast), None)
    client.force_login(cast.sam.user)
    fragment = client.get(reverse("value-import-progress", args=[batch.pk])).content.decode()
    assert "hx-get" in fragment
    assert 'value="0"' in fragment


def test_the_command_imports_a_file(
    cast: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(_file(cast))
    call_command("clv", "import", str(path), "--json")
    import json

    shown = json.loads(capsys.readouterr().out)
    assert (shown["rows"], shown["imported"], shown["duplicates"]) == (12, 2, 1)
    assert len(shown["skipped"]) == 9
