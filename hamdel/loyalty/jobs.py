"""Huey jobs of the loyalty app: thin wrappers over its actions; ids only; safe twice."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from hamdel.loyalty import points, thanks
from hamdel.people.models import Customer

EXPIRY_BATCH = 1000  # customers whose points expire, per run; the next run takes the rest


@db_task()  # type: ignore[untyped-decorator]  # huey ships no type hints
def thank_after_solved(conversation_id: int) -> bool:
    return thanks.thank_after_solved(conversation_id) is not None


@db_periodic_task(crontab(minute="15", hour="3"))  # type: ignore[untyped-decorator]
def expire_points() -> int:
    """Nightly: expire points past their validity, then award points for survey answers."""
    now = timezone.now()
    expired = 0
    for customer_id in points.customers_with_expiring_points(now, EXPIRY_BATCH):
        customer = Customer.objects.get(pk=customer_id)
        expired += points.expire_points(customer, now) is not None
    return expired


@db_periodic_task(crontab(minute="*/10"))  # type: ignore[untyped-decorator]
def award_survey_points() -> int:
    return points.award_survey_points()


@db_periodic_task(crontab(minute="0", hour="10"))  # type: ignore[untyped-decorator]
def thank_first_years() -> int:
    return thanks.thank_first_years()
