"""Canned replies: placeholders in four languages, what a macro also does, and the
suggestions beside the reply box in the conversation's language."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hamdel.audit.models import Event
from hamdel.knowledge import actions, queries
from hamdel.knowledge.defaults import GOOD_CONDUCT
from hamdel.knowledge.markup import fill
from hamdel.knowledge.models import Macro
from hamdel.promises.models import Promise
from hamdel.test import Cast, make_conversation, make_customer
from hamdel.tickets.models import Conversation

pytestmark = pytest.mark.django_db


def _persian_conversation(cast: Cast) -> Conversation:
    customer = make_customer("شیرین احمدی", language="fa")
    return make_conversation(
        customer, team=cast.support, subject="سفارش", body="سفارش من هنوز نرسیده، کد رهگیری کجاست؟",
    )  # fmt: skip


def test_the_phrases_of_good_conduct_ship_in_four_languages() -> None:
    shipped = Macro.objects.filter(good_conduct=True).prefetch_related("texts")
    assert sorted(m.name for m in shipped) == sorted(e["name"] for e in GOOD_CONDUCT)
    for macro in shipped:
        assert sorted(t.language for t in macro.texts.all()) == ["en", "fa", "ru", "tr"]
    callback = shipped.get(name="Call back by a time")
    assert (
        "I'll make sure they call you back by {promise_due}"
        in callback.texts.get(language="en").body
    )


def test_placeholders_are_filled_and_unknown_ones_left_for_the_agent() -> None:
    text = fill("Hi {customer_name}, {agent_name} here {unknown} {promise_due}", {
        "customer_name": "Cyrus", "agent_name": "Alice", "promise_due": "",
    })  # fmt: skip
    assert text == "Hi Cyrus, Alice here {unknown} {promise_due}"


def test_applying_the_callback_phrase_makes_a_promise_and_names_its_time_in_persian(
    cast: Cast,
) -> None:
    conversation = _persian_conversation(cast)
    macro = Macro.objects.get(name="Call back by a time")

    applied = actions.apply_macro(macro, conversation, cast.alice.user)

    assert applied.promise_id is not None
    promise = Promise.objects.get(pk=applied.promise_id)
    assert (promise.kind, promise.owner_agent, promise.conversation) == (
        "callback", cast.alice.user, conversation,
    )  # fmt: skip
    assert applied.language == "fa"
    assert applied.text.startswith("سلام شیرین احمدی، مطمئن می‌شوم که تا ")
    assert "{promise_due}" not in applied.text
    assert "{agent_name}" not in applied.text
    assert "alice" in applied.text
    assert Event.objects.filter(verb="knowledge.macro_applied", conversation_id=conversation.pk)


def test_a_macro_sets_status_and_tags(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    macro = actions.save_macro(
        actions.MacroInput(
            name="Shipped", texts={"en": "It shipped, {customer_name}."},
            set_status="waiting", add_tags=("Shipping", " late "),
        ),
        cast.alice.user,
    )  # fmt: skip

    applied = actions.apply_macro(macro, conversation, cast.alice.user)

    conversation.refresh_from_db()
    assert conversation.status == "waiting"
    assert sorted(conversation.tags.values_list("name", flat=True)) == ["late", "shipping"]
    assert applied.text == "It shipped, Cyrus Farahani."


def test_a_macro_falls_back_to_english_when_it_has_no_text_in_the_language(cast: Cast) -> None:
    macro = actions.save_macro(
        actions.MacroInput(name="Only English", texts={"en": "Hello"}), cast.alice.user
    )
    assert actions.macro_text(macro, "ru") == ("Hello", "en")


def test_bad_macros_are_refused_with_a_clear_error(cast: Cast) -> None:
    cases = [
        (actions.MacroInput(name="", texts={"en": "x"}), "name"),
        (actions.MacroInput(name="a", texts={"en": " "}), "at least one language"),
        (actions.MacroInput(name="a", texts={"de": "x"}), "Choose one of"),
        (actions.MacroInput(name="a", texts={"en": "x"}, set_status="gone"), "Unknown status"),
        (actions.MacroInput(name="a", texts={"en": "x"}, promise_kind="callback"), "minutes"),
    ]
    for data, message in cases:
        with pytest.raises(ValidationError, match=message):
            actions.save_macro(data, cast.alice.user)


def test_a_persian_conversation_is_offered_persian_articles_and_replies(cast: Cast) -> None:
    conversation = _persian_conversation(cast)
    tracking = actions.create_article(
        language="fa", title="کد رهگیری سفارش", body="کد رهگیری را در پیامک ببینید.",
        actor=cast.alice.user,
    )  # fmt: skip
    actions.create_article(
        language="en", title="Order tracking code", body="See the SMS.", actor=cast.alice.user
    )
    actions.create_article(
        language="fa", title="تغییر رمز عبور", body="روی فراموشی رمز بزنید.", actor=cast.alice.user
    )

    text = queries.customer_text(conversation)
    articles = [t for t, _snippet in queries.suggested_articles(text, "fa")]
    macros = queries.suggested_macros(text, "fa")

    assert articles == [tracking]
    assert macros
    assert all(m.texts.filter(language="fa").exists() for m in macros)
    client = Client()
    client.force_login(cast.alice.user)
    page = client.get(f"/conversations/{conversation.pk}/").content.decode()
    assert 'id="kb-suggestions"' in page
    assert 'lang="fa"' in page
    assert f'data-suggested-article="{tracking.pk}"' in page
    assert "کد رهگیری سفارش" in page


def test_the_apply_button_fills_the_reply_and_does_not_work_on_others_conversations(
    cast: Cast,
) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    macro = Macro.objects.get(name="Sorry for the wait")
    alice, bob = Client(), Client()
    alice.force_login(cast.alice.user)
    bob.force_login(cast.bob.user)
    url = f"/knowledge/macros/{macro.pk}/apply/{conversation.pk}"

    fragment = alice.post(url, HTTP_HX_REQUEST="true").content.decode()

    assert 'data-applied-text="Hello Cyrus Farahani, I&#x27;m sorry you had to wait.' in fragment
    assert bob.post(url).status_code == 404
