"""`hamdel reindex`: rebuild the search index from messages, notes, conversations and customers."""

from typing import Any, Final

from django.core.management.base import BaseCommand, CommandParser, OutputWrapper

from hamdel.text.actions import BATCH_SIZE, remove_stale_entries
from hamdel.text.models import EntryKind
from hamdel.tickets.bulk_index import SOURCES, bulk_index

BAR_WIDTH: Final = 30  # characters of the progress bar


class Progress:
    """A progress bar on a terminal; a line per tenth of the work in a log."""

    def __init__(self, out: OutputWrapper, label: str, total: int) -> None:
        self.out, self.label, self.total, self.done = out, label, total, 0
        self.interactive = out.isatty()
        self._last_tenth = -1

    def reach(self, done: int) -> None:
        """Advance to `done` rows in all (bulk_index reports running totals)."""
        self.advance(done - self.done)

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


NAMES: Final[dict[str, str]] = {
    EntryKind.MESSAGE: "messages",
    EntryKind.NOTE: "notes",
    EntryKind.CONVERSATION: "conversations",
    EntryKind.CUSTOMER: "customers",
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
            model, _build = SOURCES[kind]
            name = NAMES[kind]
            bar = Progress(self.stdout, name, model._default_manager.count())
            # Each batch replaces its own entries in one transaction, so searches keep
            # working during a rebuild and an interrupted one can simply be run again.
            done = bulk_index(kind, batch_size=BATCH_SIZE, progress=bar.reach)
            if not done:
                bar.advance(0)
            # Entries whose rows are gone (deleted outside the actions, or a customer
            # merged away) go too.
            rows = model._default_manager.all()
            if kind == EntryKind.CUSTOMER:
                rows = rows.filter(merged_into__isnull=True)
            removed = remove_stale_entries(kind, rows.values("pk"))
            if removed:
                self.stdout.write(f"{name}: removed {removed} stale entries")
        self.stdout.write(self.style.SUCCESS("Search index rebuilt."))
