from datetime import timedelta

import pytest
from django.utils import timezone

from hamdel.api.jobs import purge_idempotency_records
from hamdel.api.models import IdempotencyRecord, IdempotencyState

pytestmark = pytest.mark.django_db


def test_the_hourly_job_forgets_keys_older_than_a_day_and_keeps_the_rest() -> None:
    for key in ("old", "new"):
        IdempotencyRecord.objects.create(
            scope="token:x", route="/api/v1/conversations", key=key, body_digest="d",
            state=IdempotencyState.DONE,
        )  # fmt: skip
    IdempotencyRecord.objects.filter(key="old").update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    assert purge_idempotency_records.call_local() == 1
    assert purge_idempotency_records.call_local() == 0  # safe to run twice
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
