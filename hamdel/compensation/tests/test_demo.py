from hamdel.compensation import demo
from hamdel.compensation.models import Limit
from hamdel.compensation.tests.factories import ask
from hamdel.test import Cast, make_conversation


def test_the_demo_sets_limits_once_so_an_agent_grants_a_small_refund_at_once(cast: Cast) -> None:
    demo.load({})
    demo.load({})
    assert Limit.objects.count() == 2 * len(demo.AGENT_LIMITS)
    conversation = make_conversation(cast.customer, team=cast.support)
    assert ask(conversation, cast.alice.user, "20.00", currency="EUR").approver_role == ""
    assert (
        ask(conversation, cast.alice.user, "200.00", currency="EUR").approver_role == "supervisor"
    )
