"""`hamdel reindex`: rebuild the search index from messages, notes, conversations and customers."""

from collections.abc import Callable, Iterable
from typing import Any, Final

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser, OutputWrapper
from django.db import transaction

from hamdel.text.actions import (
    BATCH_SIZE,
    conversation_entry_text,
    customer_entry_text,
    message_entries,
    note_entries,
)
from hamdel.text.models import EntryKind, SearchEntry

BAR_WIDTH: Final = 30  # characters of the progress bar


class Progress:
    """A progress bar on a terminal; a line per tenth of the work in a log."""

    def __init__(self, out: OutputWrapper, label: str, total: int) -> None:
        self.out, self.label, self.total, self.done = out, label, total, 0
        self.interactive = out.isatty()
        self._last_tenth = -1

    def advance(self, count: int) -> None:
        self.done += count
        share = self.done / self.total if self.total else 1.0
        filled = int(share * BAR_WIDTH)
        line = (
            f"{self.label:<14} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
            f"{share:4.0%} {self.done}/{self.total}"
        )
        if self.interactive:
            self.out.write("\r" + line, ending="\n" if self.done >= self.total else "")
        elif int(share * 10) != self._last_tenth:
            self._last_tenth = int(share * 10)
            self.out.write(line)
        self.out.flush()


def _ids(label: str) -> list[int]:
    return list(apps.get_model(label)._default_manager.order_by("pk").values_list("pk", flat=True))


def _batches(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), BATCH_SIZE):
        yield ids[start : start + BATCH_SIZE]


def _conversation_entries(ids: list[int]) -> list[SearchEntry]:
    rows = apps.get_model("tickets.Conversation")._default_manager.filter(pk__in=ids)
    return [
        SearchEntry(
            kind=EntryKind.CONVERSATION,
            object_id=pk,
            conversation_id=pk,
            created_at=created_at,
            tokens=conversation_entry_text(number, subject, language or None),
        )
        for pk, number, subject, language, created_at in rows.values_list(
            "pk", "number", "subject", "language", "created_at"
        )
    ]


def _customer_entries(ids: list[int]) -> list[SearchEntry]:
    customers = apps.get_model("people.Customer")._default_manager.filter(
        pk__in=ids, merged_into__isnull=True
    )
    identities: dict[int, list[tuple[str, str, str]]] = {}
    for customer_id, kind, value, display in (
        apps.get_model("people.Identity")
        ._default_manager.filter(customer_id__in=ids)
        .values_list("customer_id", "kind", "value", "display")
    ):
        identities.setdefault(customer_id, []).append((kind, value, display))
    numbers: dict[int, list[int]] = {}
    for customer_id, number in (
        apps.get_model("tickets.Conversation")
        ._default_manager.filter(customer_id__in=ids)
        .values_list("customer_id", "number")
    ):
        numbers.setdefault(customer_id, []).append(number)
    return [
        SearchEntry(
            kind=EntryKind.CUSTOMER,
            object_id=pk,
            conversation_id=None,
            created_at=created_at,
            tokens=customer_entry_text(
                name, identities.get(pk, []), numbers.get(pk, []), language or None
            ),
        )
        for pk, name, language, created_at in customers.values_list(
            "pk", "name", "language", "created_at"
        )
    ]


SOURCES: Final[dict[str, tuple[str, str, Callable[[list[int]], list[SearchEntry]]]]] = {
    EntryKind.MESSAGE: ("tickets.Message", "messages", message_entries),
    EntryKind.NOTE: ("tickets.Note", "notes", note_entries),
    EntryKind.CONVERSATION: ("tickets.Conversation", "conversations", _conversation_entries),
    EntryKind.CUSTOMER: ("people.Customer", "customers", _customer_entries),
}


class Command(BaseCommand):
    help = "Rebuild the search index of messages, internal notes, conversations and customers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only",
            choices=list(SOURCES),
            action="append",
            help="Rebuild only this kind of entry (repeatable). Default: all.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kinds: list[str] = options["only"] or list(SOURCES)
        for kind in kinds:
            label, name, build = SOURCES[kind]
            ids = _ids(label)
            progress = Progress(self.stdout, name, len(ids))
            # Each batch replaces its own entries in one transaction, so searches keep
            # working during a rebuild and an interrupted one can simply be run again.
            for batch in _batches(ids):
                entries = build(batch)
                with transaction.atomic():
                    SearchEntry.objects.filter(kind=kind, object_id__in=batch).delete()
                    SearchEntry.objects.bulk_create(entries)
                progress.advance(len(batch))
            if not ids:
                progress.advance(0)
            # Entries whose rows are gone (deleted outside the actions, or a customer
            # merged away) go too.
            rows = apps.get_model(label)._default_manager.all()
            if kind == EntryKind.CUSTOMER:
                rows = rows.filter(merged_into__isnull=True)
            stale = SearchEntry.objects.filter(kind=kind).exclude(object_id__in=rows.values("pk"))
            removed, _by_model = stale.delete()
            if removed:
                self.stdout.write(f"{name}: removed {removed} stale entries")
        self.stdout.write(self.style.SUCCESS("Search index rebuilt."))
