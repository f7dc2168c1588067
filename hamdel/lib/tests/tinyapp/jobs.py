"""Imported only by registry.import_job_modules(), as `hamdel run` and `hamdel worker` do."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from hamdel.lib.tests.tinyapp.models import Wave


@db_periodic_task(crontab(minute="0"))  # type: ignore[untyped-decorator]  # huey ships no type hints
def count_waves() -> int:
    """Hourly: how many waves there are (a periodic task that changes nothing)."""
    return Wave.objects.count()
