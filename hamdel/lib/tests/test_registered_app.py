"""A new app adds everything through its own declarations (hamdel.lib.registry) and shows up
where each thing belongs, with no edit to another app's list.

The tiny app (hamdel/lib/tests/tinyapp, installed for the tests by hamdel/test_settings.py)
declares one of each: an event verb, a notification kind, a search kind, a channel and its
transport, an identity kind, a job module, a page and an API router with their matrix
entries, and a demo loader. The quiet app has rows pointing at customers and hears no merge.
"""

import re
import sys
from datetime import UTC, datetime
from importlib import import_module
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from huey.contrib.djhuey import HUEY

from hamdel.lib import registry
from hamdel.lib.tests.quietapp.models import Keepsake
from hamdel.lib.tests.tinyapp.actions import send_wave
from hamdel.lib.tests.tinyapp.demo import DEMO_WAVE
from hamdel.lib.tests.tinyapp.models import Wave
from hamdel.live.actions import notify
from hamdel.live.models import Notification, NotificationKind
from hamdel.people.actions import find_or_create_customer, merge_customers, unmerge_customers
from hamdel.people.models import Agent, Customer
from hamdel.security.tests import test_authorization_matrix as authorization_matrix
from hamdel.test import ApiClient, Cast, make_conversation, make_customer
from hamdel.text.models import EntryKind
from hamdel.text.queries import search
from hamdel.tickets.actions import add_message, attempt_delivery, change_status
from hamdel.tickets.models import Channel, Conversation, Delivery, Direction

pytestmark = pytest.mark.django_db

TINY = "hamdel.lib.tests.tinyapp"


def test_none_of_the_apps_additions_is_listed_in_a_core_enum() -> None:
    assert "smoke" not in Channel.values
    assert "wave" not in NotificationKind.values
    assert "wave" not in EntryKind.values
    assert "smoke" in registry.channels()
    assert "wave" in registry.notification_kinds()
    assert "wave" in registry.search_kinds()


def _timeline_line(client: Client, customer_id: int, verb: str) -> str:
    """The customer page's timeline entry of the one event with this verb."""
    page = client.get(f"/customers/{customer_id}/").content.decode()
    lines = re.findall(rf'<li data-verb="{re.escape(verb)}">(.*?)</li>', page, re.DOTALL)
    assert len(lines) == 1, page
    return str(lines[0]).strip()


def test_the_customer_timeline_shows_the_apps_event_by_its_translated_label(cast: Cast) -> None:
    send_wave(cast.customer, "Salam", cast.alice.user)
    client = Client()
    client.force_login(cast.alice.user)

    english = _timeline_line(client, cast.customer.pk, "wave.sent")
    Agent.objects.filter(pk=cast.alice.pk).update(ui_language="fa")
    persian = _timeline_line(client, cast.customer.pk, "wave.sent")

    assert english.endswith("alice</span> — waved at the customer")
    assert persian.endswith("alice</span> — برای مشتری دست تکان داد")


def test_the_apps_notification_kind_is_accepted_by_live_and_listed_with_its_label(
    cast: Cast,
) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    Notification(recipient=cast.alice.user, kind="wave", conversation=conversation).full_clean()
    with pytest.raises(ValidationError) as refused:
        Notification(
            recipient=cast.alice.user, kind="nudge", conversation=conversation
        ).full_clean()
    assert "kind" in refused.value.message_dict

    notify([cast.alice.user], "wave", conversation, cast.sam.user)
    listed = ApiClient(cast.alice.user).get("/notifications").json()["items"]

    assert [(item["kind"], item["text"]) for item in listed] == [
        ("wave", "A customer was waved at")
    ]


def test_the_apps_search_entries_are_found_by_search_and_by_the_api(cast: Cast) -> None:
    wave = send_wave(cast.customer, "Salam from the Hamdel team", cast.alice.user)

    hits = search(None, "salam", kinds=("wave",))
    answer = ApiClient(cast.alice.user).get("/search", q="salam", type="wave")

    assert [(hit.type, hit.id) for hit in hits] == [("wave", wave.pk)]
    assert hits[0].snippet == "<mark>Salam</mark> from the Hamdel team"
    assert answer.status_code == 200
    assert [(hit["type"], hit["id"]) for hit in answer.json()] == [("wave", wave.pk)]
    client = Client()
    client.force_login(cast.alice.user)
    page = client.get("/search/", {"q": "salam"})
    assert page.status_code == 200
    assert "<mark>Salam</mark> from the Hamdel team" in page.content.decode()


def test_a_conversation_opens_on_the_apps_channel_and_its_reply_goes_by_the_apps_transport(
    cast: Cast,
) -> None:
    created = ApiClient(cast.alice.user).post(
        "/conversations",
        {
            "subject": "Seen from the valley",
            "channel": "smoke",
            "customer": {"name": "Dara", "email": "dara@example.com"},
            "message": {"body": "Two puffs"},
        },
    )
    assert created.status_code == 201, created.content
    conversation = Conversation.objects.get(pk=created.json()["id"])
    assert conversation.channel == "smoke"

    reply = add_message(
        conversation,
        direction=Direction.OUTBOUND,
        body_text="Three puffs: on its way",
        author_agent=cast.alice.user,
        actor=cast.alice.user,
    )
    assert attempt_delivery(reply.pk) == Delivery.SENT

    reply.refresh_from_db()
    assert reply.external_id == f"smoke-{reply.pk}"


def test_the_apps_identity_kind_finds_or_creates_a_customer() -> None:
    created = find_or_create_customer("Dara", None, identities=[("hilltop", "@Ararat-2")])
    found = find_or_create_customer("D.", None, identities=[("hilltop", "ararat-2")])

    assert found == created
    assert list(created.identities.values_list("kind", "value")) == [("hilltop", "ararat-2")]


def test_the_apps_page_and_api_routes_are_in_the_matrix_from_its_own_matrix_module() -> None:
    own = import_module(f"{TINY}.matrix").MATRIX
    routed = authorization_matrix.django_routes() | authorization_matrix.api_routes()

    assert set(own) == {"/tiny/ [tiny-waves]", "GET /api/v1/tiny/waves", "POST /api/v1/tiny/waves"}
    assert set(own) <= routed
    for key, cases in own.items():
        gathered = authorization_matrix.MATRIX[key]
        assert [(case.method, case.path) for case in gathered] == [
            (case["method"], case["path"]) for case in cases
        ]


def test_the_demo_command_runs_the_apps_demo_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    # One conversation per language is enough to show the loader runs after the core demo.
    monkeypatch.setattr("hamdel.tickets.management.commands.demo.CONVERSATIONS_PER_LANGUAGE", 1)
    output = StringIO()

    call_command("demo", stdout=output)

    first = Customer.objects.order_by("pk").first()
    assert first is not None
    assert list(Wave.objects.values_list("customer_id", "text")) == [(first.pk, DEMO_WAVE)]
    assert f"{TINY}.demo:load" in output.getvalue()


def test_the_apps_job_module_and_its_periodic_task_are_imported_for_the_consumer() -> None:
    registry.import_job_modules()

    assert f"{TINY}.jobs" in sys.modules
    on_the_hour = datetime(2026, 3, 21, 9, 0, tzinfo=UTC)
    due = [task.name for task in HUEY.read_periodic(on_the_hour)]
    assert "count_waves" in due


def test_an_apps_receiver_moves_its_rows_on_merge_and_unmerge_puts_them_back() -> None:
    source, target = make_customer("Reza M"), make_customer("Reza Moradi")
    wave = send_wave(source, "Salam", None)

    merge = merge_customers(source, target, None)
    wave.refresh_from_db()
    assert wave.customer_id == target.pk
    assert merge.data["moved"]["tinyapp.wave.customer"] == [wave.pk]

    unmerge_customers(merge, None)
    wave.refresh_from_db()
    assert wave.customer_id == source.pk


def test_rows_of_an_app_that_does_not_listen_stay_with_the_merged_away_customer() -> None:
    source, target = make_customer("Reza M"), make_customer("Reza Moradi")
    keepsake = Keepsake.objects.create(customer=source)

    merge = merge_customers(source, target, None)

    keepsake.refresh_from_db()
    assert keepsake.customer_id == source.pk
    assert not any(key.startswith("quietapp.") for key in merge.data["moved"])


def test_the_apps_panels_and_sidebar_links_show_on_the_workspace_pages(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, subject="Hello", team=cast.support)
    send_wave(cast.customer, "Salam", cast.alice.user)
    client = Client()
    client.force_login(cast.alice.user)

    conversation_page = client.get(f"/conversations/{conversation.pk}/").content.decode()
    customer_page = client.get(f"/customers/{cast.customer.pk}/").content.decode()

    assert f'data-tiny-side="{conversation.pk}"' in conversation_page
    assert 'data-tiny-waves="1"' in customer_page
    assert ">Waves</a>" in conversation_page
    assert "Wave settings" not in conversation_page  # an admin's link; alice is an agent
    client.force_login(cast.ada.user)
    admin_page = client.get(f"/conversations/{conversation.pk}/").content.decode()
    assert admin_page.index("Wave settings") < admin_page.index(">Waves</a>")  # order=10 first


def test_the_apps_customer_facts_are_gathered(cast: Cast) -> None:
    send_wave(cast.customer, "Salam", cast.alice.user)
    send_wave(cast.customer, "Hey", cast.alice.user)

    facts = [fact for fact in registry.customer_facts(cast.customer) if fact.label == "Waves"]

    assert facts == [registry.Fact("Waves", "2", tone="good")]


def test_an_unknown_panel_place_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown panel place"):
        registry.panels("conversation.footer")


def test_the_apps_status_guard_refuses_a_change_with_its_message(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, subject="a wave", team=cast.support)

    with pytest.raises(ValidationError, match="Waves are never solved"):
        change_status(conversation, "solved", cast.alice.user)
    conversation.refresh_from_db()
    assert conversation.status != "solved"
    assert change_status(conversation, "waiting", cast.alice.user).status == "waiting"
