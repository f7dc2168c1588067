"""The public contact form through Django's test client: real HTTP requests, the real
database (SQLite, and PostgreSQL with HAMDEL_DATABASE_URL), the real text pipeline."""

import os
import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from pytest_django.fixtures import Settings

from hamdel.lib import registry
from hamdel.messaging.tests.fake import Fake
from hamdel.messaging.tests.helpers import make_account
from hamdel.people.models import Customer, Identity
from hamdel.sla.models import Metric, SlaTimer, TimerState
from hamdel.sla.tests.sla_factories import make_policy
from hamdel.test import make_team
from hamdel.tickets.actions import attempt_delivery
from hamdel.tickets.models import Conversation, Delivery, Direction, Message, Status
from hamdel.webform import queries, tokens
from hamdel.webform.models import Attempt, Submission, WebForm
from hamdel.webform.promise import Due, format_due
from hamdel.webform.tests.helpers import aged_token, send, token_of

pytestmark = pytest.mark.django_db

JALALI_MONTHS = "فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"


@pytest.fixture
def form() -> WebForm:
    return queries.default_form()


@pytest.fixture
def locmem_mail(settings: Settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_the_default_form_is_there_from_the_first_start(client: Client) -> None:
    page = client.get("/contact/")
    assert page.status_code == 200
    html = page.content.decode()
    for field in ("name", "contact", "message", "attachment", "website", "token"):
        assert f'name="{field}"' in html
    assert 'lang="en"' in html
    assert "csrfmiddlewaretoken" in html


def test_a_submission_opens_a_conversation_and_says_when_we_will_answer(
    client: Client, form: WebForm
) -> None:
    make_policy("Web", first_response_minutes=60)
    page = send(client, form)
    assert page.status_code == 200
    conversation = Conversation.objects.get()
    assert conversation.channel == "web"
    assert conversation.status == Status.NEW  # the acknowledgement is no agent's reply
    assert conversation.subject == "My order 5521 arrived broken."
    inbound = conversation.messages.get(direction=Direction.INBOUND)
    assert inbound.body_text.startswith("My order 5521 arrived broken.")
    assert Identity.objects.get(customer=conversation.customer).value == "leyla@example.com"
    timer = SlaTimer.objects.get(conversation=conversation, metric=Metric.FIRST_RESPONSE)
    assert timer.state == TimerState.RUNNING
    assert timer.due_at is not None
    html = page.content.decode()
    assert f"#{conversation.number}" in html
    assert format_due(Due(timer.due_at, "Asia/Tehran"), "en") in html
    submission = Submission.objects.get(conversation=conversation)
    assert (submission.contact_kind, submission.contact) == ("email", "leyla@example.com")
    ack = submission.acknowledgement
    assert ack is not None
    assert ack.direction == Direction.OUTBOUND
    assert ack.delivery == Delivery.QUEUED
    assert f"#{conversation.number}" in ack.body_text
    assert format_due(Due(timer.due_at, "Asia/Tehran"), "en") in ack.body_text


def test_the_acknowledgement_and_an_agents_reply_go_to_the_email_given(
    client: Client, form: WebForm, locmem_mail: None, cast: object
) -> None:
    from hamdel.tickets.actions import add_message

    send(client, form, contact="Leyla@Example.com")
    submission = Submission.objects.get()
    assert submission.acknowledgement is not None
    assert attempt_delivery(submission.acknowledgement.pk) == "sent"
    assert [message.to for message in mail.outbox] == [["leyla@example.com"]]
    assert f"#{submission.conversation.number}" in mail.outbox[0].body
    reply = add_message(
        submission.conversation, direction=Direction.OUTBOUND, body_text="A new one is on its way."
    )
    assert reply.channel == "web"
    assert attempt_delivery(reply.pk) == "sent"
    assert mail.outbox[1].to == ["leyla@example.com"]
    assert mail.outbox[1].body == "A new one is on its way."


@pytest.fixture
def without_sms_transport() -> Iterator[None]:
    """An installation whose apps register no "sms" transport (no messaging app)."""
    holders = {
        app: declared
        for app, declared in registry._registry.by_app.items()
        if "sms" in declared.transports
    }
    for app, declared in holders.items():
        transports = {key: value for key, value in declared.transports.items() if key != "sms"}
        registry.declare(app, replace(declared, transports=transports))
    yield
    for app, declared in holders.items():
        registry.declare(app, declared)


def test_a_phone_number_is_stored_in_e164_and_answered_by_sms(
    client: Client, form: WebForm, fake: Fake
) -> None:
    make_account("sms", fake.url)  # the organisation's SMS account (messaging, a local fake)
    page = send(client, form, contact="۰۹۱۲ ۳۴۵ ۶۷۸۹")  # typed in Persian digits, read as IR
    assert page.status_code == 200
    submission = Submission.objects.get()
    assert (submission.contact_kind, submission.contact) == ("phone", "+989123456789")
    assert "+989123456789" in page.content.decode()
    assert submission.acknowledgement is not None
    assert submission.acknowledgement.channel == "web"
    assert attempt_delivery(submission.acknowledgement.pk) == "sent"
    [texted] = fake.sent("Messages.json")
    assert texted.value("To") == "+989123456789"
    assert f"#{submission.conversation.number}" in texted.value("Body")


def test_without_an_sms_transport_a_reply_to_a_phone_says_this_channel_cannot_send_yet(
    client: Client, form: WebForm, without_sms_transport: None
) -> None:
    send(client, form, contact="+98 912 345 6789")
    submission = Submission.objects.get()
    assert submission.acknowledgement is not None
    assert attempt_delivery(submission.acknowledgement.pk) == "failed"
    ack = Message.objects.get(pk=submission.acknowledgement.pk)
    assert ack.delivery == Delivery.FAILED
    assert ack.delivery_error == "Not delivered: this channel cannot send yet."
    assert ack.delivery_retry_at is None  # permanent: an agent retries once SMS can be sent


def test_a_bad_phone_number_is_refused_with_a_translated_error(
    client: Client, form: WebForm
) -> None:
    page = send(client, form, query="?lang=fa", contact="12")
    assert page.status_code == 400
    with translation.override("fa"):
        expected = translation.gettext("“%(value)s” is not a phone number.") % {"value": "12"}
        other = translation.gettext(
            "“%(value)s” is not a valid phone number in any country we know."
        ) % {"value": "12"}
    html = page.content.decode()
    assert expected != "“12” is not a phone number."
    assert expected in html or other in html
    assert 'dir="rtl"' in html
    assert not Conversation.objects.exists()
    assert not Customer.objects.exists()


def test_the_honeypot_field_filled_in_stores_nothing(client: Client, form: WebForm) -> None:
    page = send(client, form, website="https://cheap-pills.example")
    assert page.status_code == 400
    assert "a field meant to stay empty was filled in" in page.content.decode()
    assert not Conversation.objects.exists()


def test_a_form_sent_faster_than_a_person_can_is_refused(client: Client, form: WebForm) -> None:
    page = client.get("/contact/")
    sent = send(client, form, token=token_of(page))  # at once, well within 2 seconds
    assert sent.status_code == 400
    html = sent.content.decode()
    assert "That was very quick" in html
    assert "My order 5521 arrived broken." in html  # what they wrote is kept
    assert not Conversation.objects.exists()


def test_a_forged_or_another_forms_token_is_refused(client: Client, form: WebForm) -> None:
    other = WebForm.objects.create(slug="billing")
    assert send(client, form, token="not-signed").status_code == 400
    assert send(client, form, token=aged_token(other)).status_code == 400
    assert not Conversation.objects.exists()


def test_too_many_submissions_from_one_address_are_answered_429_in_their_language(
    client: Client, form: WebForm
) -> None:
    form.max_per_ip = 3
    form.save()
    for number in range(3):
        assert send(client, form, message=f"Message {number}").status_code == 200
    refused = send(client, form, query="?lang=ru", message="One more")
    assert refused.status_code == 429
    with translation.override("ru"):
        expected = translation.gettext(
            "You have sent several messages in a short time. Please try again later."
        )
    assert expected in refused.content.decode()
    assert expected.startswith("Вы")
    assert "One more" in refused.content.decode()  # what they wrote is kept for later
    assert Conversation.objects.count() == 3
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    assert send(elsewhere, form, message="From another office").status_code == 200
    assert not Attempt.objects.filter(address__contains="192.0.2.7").exists()  # hashed


def test_an_oversized_attachment_is_refused_and_a_small_one_kept(
    client: Client, form: WebForm, settings: Settings
) -> None:
    settings.MAX_ATTACHMENT_MB = 1
    big = SimpleUploadedFile("photo.jpg", b"x" * (1024 * 1024 + 512 * 1024), "image/jpeg")
    refused = send(client, form, attachment=big)
    assert refused.status_code == 400
    assert "at most 1 MB" in refused.content.decode()
    assert not Conversation.objects.exists()
    small = SimpleUploadedFile("photo.jpg", b"\xff\xd8 a small photo", "image/jpeg")
    assert send(client, form, attachment=small).status_code == 200
    attachment = Message.objects.get(direction=Direction.INBOUND).attachments.get()
    assert (attachment.filename, attachment.size) == ("photo.jpg", 16)


def test_hostile_html_is_stored_as_text_and_never_rendered_as_html(
    client: Client, form: WebForm, cast: object
) -> None:
    from hamdel.test import Cast

    assert isinstance(cast, Cast)
    name = '<img src=x onerror="alert(1)">'
    body = '<script>alert("owned")</script><b>bold</b> please help'
    page = send(client, form, name=name, message=body)
    assert page.status_code == 200
    message = Message.objects.get(direction=Direction.INBOUND)
    assert message.body_text == body
    assert message.body_html == ""
    assert message.conversation.customer.name == name
    assert "<script>" not in page.content.decode()
    agent = Client()
    agent.force_login(cast.ada.user)
    shown = agent.get(f"/conversations/{message.conversation_id}/").content.decode()
    assert '<script>alert("owned")</script>' not in shown
    assert "&lt;script&gt;" in shown
    assert "<img src=x" not in shown


def test_sending_the_same_page_twice_stores_it_once(client: Client, form: WebForm) -> None:
    token = aged_token(form)
    first = send(client, form, token=token)
    again = send(client, form, token=token)  # a double click, or a reload of the POST
    assert first.status_code == again.status_code == 200
    conversation = Conversation.objects.get()
    assert conversation.messages.filter(direction=Direction.INBOUND).count() == 1
    assert conversation.messages.filter(direction=Direction.OUTBOUND).count() == 1
    assert Submission.objects.count() == 1
    number = re.compile(r'id="number">#(\d+)<')
    assert number.findall(first.content.decode()) == number.findall(again.content.decode())


def test_the_form_checks_csrf(form: WebForm) -> None:
    browser = Client(enforce_csrf_checks=True)
    from hamdel.webform.tests.helpers import entry

    data = {**entry(), "token": aged_token(form)}
    assert browser.post("/contact/", data).status_code == 403
    page = browser.get("/contact/")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert csrf is not None
    sent = browser.post("/contact/", {**data, "csrfmiddlewaretoken": csrf.group(1)})
    assert sent.status_code == 200
    assert Conversation.objects.count() == 1


def test_only_the_listed_sites_may_frame_the_form(client: Client, form: WebForm) -> None:
    closed = client.get("/contact/")
    assert "frame-ancestors 'none'" in closed["Content-Security-Policy"]
    assert closed["X-Frame-Options"] == "DENY"
    form.allowed_origins = ["https://shop.example", "http://127.0.0.1:8123"]
    form.save()
    opened = client.get("/contact/")
    policy = opened["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://shop.example http://127.0.0.1:8123" in policy
    assert "script-src 'self'" in policy
    assert not opened.has_header("X-Frame-Options")
    secure = client.get("/contact/", secure=True)
    cookie = secure.cookies["csrftoken"]
    assert cookie["samesite"] == "None"
    assert cookie["secure"]


def test_the_language_comes_from_the_browser_or_lang_and_persian_is_rtl(
    client: Client, form: WebForm
) -> None:
    form.texts = {"tr": {"title": "Bize yazın", "intro": "Size hemen döneriz."}}
    form.save()
    turkish = client.get("/contact/", headers={"Accept-Language": "tr-TR,tr;q=0.9"})
    html = turkish.content.decode()
    assert 'lang="tr"' in html
    assert 'dir="ltr"' in html
    assert "Bize yazın" in html
    assert "Size hemen döneriz." in html
    assert turkish["Content-Language"] == "tr"
    persian = client.get("/contact/?lang=fa", headers={"Accept-Language": "tr"})
    html = persian.content.decode()
    assert 'lang="fa"' in html
    assert 'dir="rtl"' in html
    with translation.override("fa"):
        assert translation.gettext("Write to us") in html
    assert '<html lang="en"' in client.get("/contact/?lang=de").content.decode()


def test_the_thank_you_page_in_persian_shows_a_jalali_date(client: Client, form: WebForm) -> None:
    make_policy("Web", first_response_minutes=90)
    page = send(client, form, query="?lang=fa")
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(JALALI_MONTHS, html)
    assert re.search("[۰-۹]", html)
    assert Submission.objects.get().language == "fa"


def test_a_teams_form_opens_conversations_for_that_team(client: Client) -> None:
    team = make_team("Billing")
    billing = WebForm.objects.create(slug="billing", team=team)
    assert client.get("/contact/billing/").status_code == 200
    assert send(client, billing, path="/contact/billing/").status_code == 200
    assert Conversation.objects.get().team == team
    billing.is_active = False
    billing.save()
    assert client.get("/contact/billing/").status_code == 404


def test_without_an_sla_policy_the_customer_is_told_we_answer_as_soon_as_we_can(
    client: Client, form: WebForm
) -> None:
    page = send(client, form)
    assert "We will answer as soon as we can." in page.content.decode()


def test_the_due_time_is_in_business_time_on_the_policys_calendar(
    client: Client, form: WebForm
) -> None:
    from zoneinfo import ZoneInfo

    from hamdel.sla.tests.sla_factories import make_stored_calendar

    calendar = make_stored_calendar("Berlin office")  # Monday to Friday, 9-12 and 13-17
    make_policy("Web", first_response_minutes=60, calendar=calendar)
    page = send(client, form, query="?lang=ru")
    timer = SlaTimer.objects.get(metric=Metric.FIRST_RESPONSE)
    assert timer.due_at is not None
    local = timer.due_at.astimezone(ZoneInfo("Europe/Berlin"))
    assert local.weekday() < 5
    assert 9 <= local.hour <= 17
    shown = format_due(Due(timer.due_at, "Europe/Berlin"), "ru")
    assert shown in page.content.decode()
    assert f"{local:%H:%M}" in shown


@pytest.mark.skipif(
    not os.environ.get("HAMDEL_DATABASE_URL"),
    reason="the in-memory SQLite test database locks tables across threads",
)
@pytest.mark.django_db(transaction=True)
def test_four_posts_of_the_same_page_at_once_store_one_conversation() -> None:
    import threading

    from django.db import connection

    form = queries.default_form()
    token = aged_token(form)
    statuses: list[int] = []

    def post() -> None:
        try:
            statuses.append(send(Client(), form, token=token).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200, 200, 200]
    assert Conversation.objects.count() == 1
    assert Message.objects.filter(direction=Direction.INBOUND).count() == 1
    assert Message.objects.filter(direction=Direction.OUTBOUND).count() == 1  # one acknowledgement
    assert Submission.objects.count() == 1


def test_a_page_whose_first_post_stopped_half_way_is_completed_by_the_next(
    client: Client, form: WebForm
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from hamdel.tickets.actions import Sender, ThreadHints, receive_message
    from hamdel.webform.inbound import account_of

    token = aged_token(form)
    nonce = tokens.read(token, form)
    assert nonce is not None
    received = receive_message(  # the first post got this far, then its worker stopped
        channel="web",
        account=account_of(form),
        external_id=f"token:{nonce.nonce}",
        sender=Sender([("email", "leyla@example.com")], "Leyla Karimi", "en"),
        body_text="My order 5521 arrived broken.",
        hints=ThreadHints(new=True),
    )
    Message.objects.filter(pk=received.message.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    page = send(client, form, token=token)
    assert page.status_code == 200
    submission = Submission.objects.get()
    assert submission.conversation == received.conversation
    assert submission.acknowledgement is not None
    assert Conversation.objects.count() == 1
