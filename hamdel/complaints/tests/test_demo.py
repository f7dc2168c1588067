import pytest

from hamdel.complaints import demo
from hamdel.complaints.models import Desk, RootCause

pytestmark = pytest.mark.django_db


def test_the_demo_sets_up_the_desk_and_the_root_causes_once() -> None:
    demo.load({})
    assert RootCause.objects.count() == len(demo.ROOT_CAUSES)
    assert Desk.objects.get().policy is not None
    demo.load({})
    assert RootCause.objects.count() == len(demo.ROOT_CAUSES)
