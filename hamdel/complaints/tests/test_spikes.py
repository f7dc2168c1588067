"""Policy signals on a data set the test builds: eight quiet weeks, then a spike."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hamdel.audit.record import record_event
from hamdel.complaints import actions, spikes
from hamdel.complaints.models import Complaint, GroupKind, RootCause
from hamdel.complaints.tests.factories import (
    backdate,
    bulk_complaints,
    make_cause,
    make_complaint,
)
from hamdel.people.models import Customer
from hamdel.test import PASSWORD, ApiClient, Cast, make_conversation, make_customer
from hamdel.tickets.actions import set_tags

FEE_WORDS = [
    "هزینه ارسال خیلی زیاد است",
    "چرا هزینه ارسال اینقدر زیاد شده",
    "هزینه ارسال سفارشم زیاد بود",
    "هزینه ارسال واقعا زیاد است",
    "این هزینه ارسال زیاد منصفانه نیست",
    "هزینه ارسال را کم کنید، زیاد است",
]


def _complain(
    at: datetime, cause: RootCause | None, body: str, customer: Customer | None = None
) -> Complaint:
    conversation = make_complaint(customer or make_customer(language="fa"), body=body, subject="")
    if cause is not None:
        actions.record_resolution(conversation, None, root_cause=cause, resolution="Explained")
    return backdate(conversation, at)


def _quiet_weeks(now: datetime, cause: RootCause, body: str, per_week: int = 1) -> None:
    bulk_complaints(
        [
            (now - timedelta(days=7 * week + 1, hours=n), cause, body)
            for week in range(1, spikes.BASELINE_WEEKS + 1)
            for n in range(per_week)
        ]
    )


@pytest.fixture
def now() -> datetime:
    return timezone.now()


# scipy.stats.poisson.sf(count - 1, rate) (SciPy 1.17.1), kept here so the test needs no
# SciPy import (seconds on a loaded machine).
SCIPY_TAILS = [
    (1, 0.5, 0.3934693402873665),
    (6, 1.0, 0.000594184817581693),
    (12, 5.25, 0.007844582487571286),
    (40, 30.0, 0.04625303764584204),
    (0, 2.0, 1.0),
]


@pytest.mark.parametrize(("count", "rate", "expected"), SCIPY_TAILS)
def test_the_poisson_tail_is_scipys(count: int, rate: float, expected: float) -> None:
    assert spikes.poisson_tail(count, rate) == pytest.approx(expected, rel=1e-9)


def test_a_spike_raises_one_alert_with_its_conversations_and_a_steady_group_none(
    cast: Cast, now: datetime
) -> None:
    fees, late = make_cause("Delivery fee"), make_cause("Late delivery")
    _quiet_weeks(now, fees, "The courier was rude")
    _quiet_weeks(now, late, "My parcel is late", per_week=3)
    this_week = [
        _complain(now - timedelta(hours=h + 1), fees, "Why so expensive") for h in range(6)
    ]
    bulk_complaints([(now - timedelta(hours=h + 1), late, "My parcel is late") for h in range(3)])

    raised = spikes.detect_spikes(now)

    by_cause = [a for a in raised if a.group_kind == GroupKind.ROOT_CAUSE]
    assert [a.label for a in by_cause] == ["Delivery fee"]
    alert = by_cause[0]
    assert alert.customers == 6
    assert alert.baseline == 1.0
    assert alert.p_value < spikes.ALPHA
    assert set(alert.conversations.values_list("pk", flat=True)) == {
        c.conversation_id for c in this_week
    }
    # Supervisors are told in the app.
    assert cast.sam.user.notifications.filter(kind="complaint_spike").count() >= 1
    # The job is safe to run twice: no second alert for the same group this week.
    again = spikes.detect_spikes(now + timedelta(hours=1))
    assert not [a for a in again if a.group_kind == GroupKind.ROOT_CAUSE]
    page = Client()
    page.login(username="sam", password=PASSWORD)
    listed = page.get("/complaints/alerts/").content.decode()
    assert "6 customers complained about Delivery fee this week (usual: 1.0)" in listed


def test_similar_wording_within_a_language_and_tags_are_groups_too(
    cast: Cast, now: datetime
) -> None:
    for index, body in enumerate(FEE_WORDS):
        complaint = _complain(now - timedelta(hours=index + 1), None, body)
        set_tags(complaint.conversation, ["shipping"], None)
    _complain(now - timedelta(hours=2), None, "Your app crashed when I paid")
    raised = spikes.detect_spikes(now)
    wording = [a for a in raised if a.group_kind == GroupKind.TEXT]
    assert len(wording) == 1
    assert wording[0].language == "fa"
    assert wording[0].customers == len(FEE_WORDS)
    assert "ارسال" in wording[0].label
    assert [a.group_key for a in raised if a.group_kind == GroupKind.TAG] == ["shipping"]


def test_low_score_comments_are_grouped_with_the_complaints(cast: Cast, now: datetime) -> None:
    """The feedback app records each low score in the audit trail (docs/feedback.md); the
    test writes those events as it does, so this app never imports feedback."""
    for index, body in enumerate(FEE_WORDS[:3]):
        _complain(now - timedelta(hours=index + 1), None, body)
    for body in FEE_WORDS[3:]:
        conversation = make_conversation(make_customer(language="fa"), body="سفارش")
        record_event(
            "feedback.low_score",
            subject_type="survey",
            subject_id=conversation.pk,
            customer_id=conversation.customer_id,
            conversation_id=conversation.pk,
            data={"kind": "csat", "score": 1, "scale": [1, 5], "language": "fa", "comment": body},
        )
    # The events were written just now, after the fixture's `now`.
    raised = spikes.detect_spikes(timezone.now())
    wording = [a for a in raised if a.group_kind == GroupKind.TEXT]
    assert len(wording) == 1
    assert wording[0].customers == len(FEE_WORDS)
    assert wording[0].conversations.count() == len(FEE_WORDS)


def test_a_decision_shows_on_later_alerts_of_the_same_group(cast: Cast, now: datetime) -> None:
    fees = make_cause("Delivery fee")
    _quiet_weeks(now - timedelta(days=14), fees, "Too expensive")
    bulk_complaints(
        [(now - timedelta(days=14, hours=h + 1), fees, "Too expensive") for h in range(5)]
    )
    first = next(
        a for a in spikes.detect_spikes(now - timedelta(days=14)) if a.group_key == str(fees.pk)
    )
    api = ApiClient(cast.sam.user)
    decided = api.post(
        f"/complaints/alerts/{first.pk}/decisions",
        {"verdict": "kept", "why": "The fee covers the courier; we explain it better"},
    )
    assert decided.status_code == 201
    # Two weeks later the same group spikes again.
    bulk_complaints([(now - timedelta(hours=h + 1), fees, "Too expensive") for h in range(9)])
    second = next(a for a in spikes.detect_spikes(now) if a.group_key == str(fees.pk))
    assert second.pk != first.pk
    shown = api.get(f"/complaints/alerts/{second.pk}").json()
    assert [d["why"] for d in shown["decisions"]] == [
        "The fee covers the courier; we explain it better"
    ]
    page = Client()
    page.login(username="sam", password=PASSWORD)
    assert "we explain it better" in page.get(f"/complaints/alerts/{second.pk}/").content.decode()
    assert "Policy kept" in page.get("/complaints/alerts/").content.decode()
