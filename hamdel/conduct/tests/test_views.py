"""The conduct pages and the panels on the workspace's conversation and customer pages."""

from django.test import Client

from hamdel.audit.models import Event
from hamdel.conduct.models import Parting, Policy, Template
from hamdel.conduct.tests.factories import customer_writes
from hamdel.people.models import Role
from hamdel.test import PASSWORD, Cast, make_agent


def _client(username: str) -> Client:
    client = Client()
    client.login(username=username, password=PASSWORD)
    return client


def test_the_conversation_page_carries_the_flag_and_the_masked_panel(cast: Cast) -> None:
    message = customer_writes(cast.customer, "You are a fucking idiot")
    page = _client("sam").get(f"/conversations/{message.conversation_id}/").content.decode()
    assert 'id="conduct-flag"' in page
    assert f'id="conduct-message-{message.pk}"' in page
    panel = page[page.index('id="conduct"') :]
    assert "fucking" not in panel[: panel.index("</section>")]


def test_the_customer_page_offers_supervisors_to_propose_parting_ways(cast: Cast) -> None:
    message = customer_writes(cast.customer, "You are a fucking idiot")
    assert (
        'id="conduct-propose"'
        in _client("sam").get(f"/customers/{cast.customer.pk}/").content.decode()
    )
    assert (
        'id="conduct-propose"'
        not in _client("alice").get(f"/customers/{cast.customer.pk}/").content.decode()
    )
    response = _client("sam").post(
        f"/conduct/customers/{cast.customer.pk}/part-ways",
        {"reason": "Weeks of abuse", "evidence": [message.pk]},
    )
    assert response.status_code == 302
    parting = Parting.objects.get()
    page = _client("ada").get(f"/customers/{cast.customer.pk}/").content.decode()
    assert f'id="parting-{parting.pk}"' in page
    assert 'id="conduct-approve"' in page


def test_an_admin_changes_the_steps_and_the_templates(cast: Cast) -> None:
    ada = _client("ada")
    assert ada.get("/conduct/settings/").status_code == 200
    ada.post(
        "/conduct/settings/policy",
        {
            "repeat_count": "3",
            "repeat_hours": "24",
            "confusion_conversations": "3",
            "confusion_messages": "6",
            "confusion_hours": "48",
            "warn_first": "on",
        },
    )
    policy = Policy.load()
    assert (policy.repeat_count, policy.repeat_hours, policy.escalate_repeat) == (3, 24, False)
    ada.post(
        "/conduct/settings/templates",
        {"kind": "warning", "language": "fa", "body": "لطفا مودب باشید"},
    )
    assert Template.objects.get(kind="warning", language="fa").body == "لطفا مودب باشید"
    assert Event.objects.filter(verb="conduct.settings_changed").exists()
    shirin_message = customer_writes(cast.customer, "shit")
    assert shirin_message.conversation.messages.count() == 2  # warned


def test_the_restricted_queue_must_be_supervisors_only(cast: Cast) -> None:
    response = _client("ada").post(
        "/conduct/settings/policy",
        {
            "restricted_team": str(cast.support.pk),
            "repeat_count": "2",
            "repeat_hours": "72",
            "confusion_conversations": "3",
            "confusion_messages": "6",
            "confusion_hours": "48",
        },
        follow=True,
    )
    assert "supervisors only" in response.content.decode()
    assert Policy.load().restricted_team is None


def test_the_exposure_page_in_persian_is_right_to_left(cast: Cast) -> None:
    make_agent("dariush", role=Role.SUPERVISOR, ui_language="fa")
    page = _client("dariush").get("/conduct/exposure/").content.decode()
    assert 'dir="rtl"' in page
    assert "مواجهه با توهین" in page


def test_the_thread_itself_shows_the_abusive_message_masked(cast: Cast) -> None:
    message = customer_writes(cast.customer, "You are a fucking idiot")
    clean = customer_writes(cast.customer, "Where is my parcel?", conversation=message.conversation)
    page = _client("sam").get(f"/conversations/{message.conversation_id}/").content.decode()

    thread = page[page.index('id="thread"') : page.index("</ol>", page.index('id="thread"'))]
    item = thread[thread.index(f'id="message-{message.pk}"') :]
    item = item[: item.index("</li>")]
    assert "fucking" not in item
    assert "data-masked" in item
    assert "Where is my parcel?" in thread
    assert f'id="message-{clean.pk}"' in thread
