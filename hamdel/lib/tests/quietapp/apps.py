from django.apps import AppConfig


class QuietAppConfig(AppConfig):
    """A test-only app with rows pointing at a customer that hears no merge: a merge
    leaves its rows where they are (as an append-only ledger's would be)."""

    name = "hamdel.lib.tests.quietapp"
    label = "quietapp"
    verbose_name = "Quiet app (tests only)"
