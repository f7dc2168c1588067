import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from hamdel.audit.models import Event
from hamdel.people.actions import change_agent, create_agent, deactivate_agent, update_agent
from hamdel.people.models import Agent, Presence, Role
from hamdel.test import Cast, make_agent, make_team

pytestmark = pytest.mark.django_db


def test_a_new_agent_has_a_profile_teams_and_an_event() -> None:
    support = make_team("Support")
    agent = create_agent(
        "sara",
        None,
        name="Sara Ahmadi",
        teams=[support],
        languages=["fa", "en"],
        skills=["billing"],
    )
    assert agent.user.get_full_name() == "Sara Ahmadi"
    assert list(agent.teams.all()) == [support]
    assert Event.objects.filter(verb="agent.created", subject_id=agent.pk).exists()


def test_usernames_are_unique_whatever_their_case() -> None:
    make_agent("sara")
    with pytest.raises(ValidationError) as error:
        create_agent("Sara", None)
    assert "username" in error.value.message_dict


def test_deactivating_keeps_the_agent_and_their_history() -> None:
    agent = make_agent("sara")
    deactivate_agent(agent, None)
    agent.refresh_from_db()
    assert not agent.user.is_active
    assert agent.presence == Presence.OFFLINE
    assert Agent.objects.filter(pk=agent.pk).exists()
    assert User.objects.filter(username="sara").exists()


def test_admins_get_django_admin_access_and_lose_it_with_the_role() -> None:
    agent = make_agent("ada", role=Role.ADMIN)
    assert agent.user.is_staff
    assert agent.user.is_superuser
    update_agent(agent, None, role=Role.AGENT)
    agent.user.refresh_from_db()
    assert not agent.user.is_staff


def test_changing_teams_records_before_and_after(cast: Cast) -> None:
    change_agent(
        cast.alice, cast.ada.user, {"team_ids": [cast.billing.pk], "presence": "available"}
    )
    cast.alice.refresh_from_db()
    assert list(cast.alice.teams.all()) == [cast.billing]
    assert cast.alice.presence == Presence.AVAILABLE
    event = Event.objects.filter(verb="agent.changed", subject_id=cast.alice.pk).get()
    assert event.old == {"teams": [cast.support.pk]}
    assert event.new == {"teams": [cast.billing.pk]}


def test_an_unknown_team_or_presence_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        change_agent(cast.alice, None, {"team_ids": [999_999]})
    with pytest.raises(ValidationError):
        change_agent(cast.alice, None, {"presence": "asleep"})
