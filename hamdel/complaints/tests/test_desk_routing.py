from django.contrib.auth.models import User

from hamdel.complaints import actions
from hamdel.complaints.models import Complaint
from hamdel.complaints.tests.factories import make_complaint
from hamdel.sla.models import Metric, SlaPolicy, SlaTimer
from hamdel.sla.tests.sla_factories import make_policy
from hamdel.test import Cast, make_conversation
from hamdel.tickets.actions import update_conversation


def test_a_conversation_opened_as_a_complaint_goes_to_the_desk_with_the_stricter_sla(
    cast: Cast,
) -> None:
    make_policy(name="Everything", resolution_minutes=3 * 24 * 60)
    conversation = make_complaint(cast.customer, team=cast.support)
    desk = actions.desk()
    conversation.refresh_from_db()
    assert desk.team is not None
    assert desk.team.name == actions.DESK_TEAM_NAME
    assert conversation.team_id == desk.team.pk
    assert Complaint.objects.get(conversation=conversation).customer == cast.customer
    # The complaints policy is tried first, so its targets hold, not the general one's.
    assert SlaPolicy.objects.order_by("position", "id").first() == desk.policy
    timer = SlaTimer.objects.get(conversation=conversation, metric=Metric.RESOLUTION)
    assert timer.policy == desk.policy
    assert timer.target_seconds == actions.RESOLUTION_MINUTES * 60


def test_a_conversation_that_becomes_a_complaint_moves_to_the_desk(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    assert not Complaint.objects.exists()
    update_conversation(conversation, cast.alice.user, category="complaint")
    conversation.refresh_from_db()
    assert conversation.team == actions.desk().team
    complaint = Complaint.objects.get(conversation=conversation)
    # The first message's words are kept, normalised, for grouping by wording.
    assert "order" in complaint.tokens.split()


def test_other_categories_stay_where_they_are(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support, category="problem")
    conversation.refresh_from_db()
    assert conversation.team == cast.support
    assert not Complaint.objects.exists()


def test_the_desk_team_is_configurable_and_routing_can_be_turned_off(cast: Cast) -> None:
    actions.update_desk(cast.ada.user, team=cast.billing)
    moved = make_complaint(cast.customer, team=cast.support)
    moved.refresh_from_db()
    assert moved.team == cast.billing
    actions.update_desk(cast.ada.user, route_complaints=False)
    kept = make_complaint(cast.customer, team=cast.support)
    kept.refresh_from_db()
    assert kept.team == cast.support
    assert Complaint.objects.filter(conversation=kept).exists()


def test_escalation_tells_the_desks_path_once_per_overdue_complaint(cast: Cast) -> None:
    conversation = make_complaint(cast.customer)
    later = conversation.created_at.replace(year=conversation.created_at.year + 1)
    assert actions.escalate_overdue(conversation.created_at) == []
    escalated = actions.escalate_overdue(later)
    assert len(escalated) == 1
    assert actions.escalate_overdue(later) == []
    # Nobody named and no supervisor on the desk team: every supervisor is told.
    sam = User.objects.get(username="sam")
    assert sam.notifications.filter(kind="complaint_late", conversation=conversation).count() == 1
    # Named recipients are told instead (those who may open desk conversations).
    actions.update_desk(cast.ada.user, escalate_to=[cast.ada.user])
    second = make_complaint(cast.customer, subject="Still waiting")
    assert actions.escalate_overdue(later) == [Complaint.objects.get(conversation=second).pk]
    assert cast.ada.user.notifications.filter(conversation=second).count() == 1
    assert sam.notifications.filter(conversation=second).count() == 0
