"""Huey jobs of the value app: thin wrappers over its actions; safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from hamdel.value import actions


# At 02:30 (the server's time zone), when the desk is quiet: a fit of 100,000 customers
# takes about a minute (docs/performance-value.md).
@db_periodic_task(crontab(hour="2", minute="30"))  # type: ignore[untyped-decorator]  # huey ships no type hints
def refit_values() -> int:
    return actions.fit_values().pk


@db_task()  # type: ignore[untyped-decorator]  # huey ships no type hints
def import_transactions(import_id: int) -> None:
    try:
        actions.run_import(import_id)
    except Exception as error:
        actions.fail_import(import_id, str(error) or error.__class__.__name__)
        raise


@db_task()  # type: ignore[untyped-decorator]  # huey ships no type hints
def refit_values_now() -> int:
    """A supervisor's "fit now"."""
    return actions.fit_values().pk
