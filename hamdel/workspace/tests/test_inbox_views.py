import csv
import io

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from hamdel.test import PASSWORD, Cast, make_conversation, make_customer
from hamdel.tickets.actions import assign_conversation, change_status, set_tags
from hamdel.tickets.models import Conversation, Status
from hamdel.workspace.models import SavedView

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_inbox_sends_anonymous_visitors_to_the_login_page() -> None:
    response = Client().get("/inbox/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/inbox/")


def test_an_agent_logs_in_and_lands_on_the_inbox(cast: Cast) -> None:
    client = Client()
    response = client.post("/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).request["PATH_INFO"] == "/inbox/"


def test_the_inbox_counts_each_view_exactly(cast: Cast) -> None:
    mine = make_conversation(cast.customer, team=cast.support)
    assign_conversation(mine, None, assignee=cast.alice.user)
    make_conversation(cast.customer, team=cast.support)
    waiting = make_conversation(cast.customer, team=cast.support)
    change_status(waiting, Status.WAITING, None)
    make_conversation(cast.customer, team=cast.billing)  # Alice cannot see Billing's

    response = signed_in("alice").get("/inbox/?view=all")

    counts = {item["slug"]: item["count"] for item in response.context["nav_views"]}
    assert counts["mine"] == 1
    assert counts["unassigned"] == 1
    assert counts["team"] == 2
    assert counts["all"] == 3
    assert counts["waiting"] == 1
    assert response.context["total"] == 3


def test_an_agent_never_sees_another_teams_conversations_in_the_inbox(cast: Cast) -> None:
    theirs = make_conversation(cast.customer, team=cast.billing, subject="Billing secret")
    response = signed_in("alice").get("/inbox/?view=all")
    assert theirs.subject not in response.content.decode()


def test_filters_narrow_the_list_and_an_empty_result_says_so(cast: Cast) -> None:
    tagged = make_conversation(cast.customer, team=cast.support, subject="Broken lamp")
    set_tags(tagged, ["damaged"], None)
    make_conversation(cast.customer, team=cast.support, subject="Where is it")
    client = signed_in("sam")

    page = client.get("/inbox/?view=all&tag=damaged").context["page"]
    assert [c.pk for c in page.items] == [tagged.pk]
    empty = client.get("/inbox/?view=all&tag=nothing-has-this")
    assert "No conversation matches these filters." in empty.content.decode()


def test_the_created_filter_accepts_a_jalali_date(cast: Cast) -> None:
    make_conversation(cast.customer, team=cast.support)
    client = signed_in("sam")
    assert client.get("/inbox/?view=all&since=1300/01/01").context["total"] == 1
    assert client.get("/inbox/?view=all&since=1500/01/01").context["total"] == 0


def test_an_htmx_request_gets_only_the_results_fragment(cast: Cast) -> None:
    make_conversation(cast.customer, team=cast.support)
    response = signed_in("alice").get("/inbox/?view=all", headers={"HX-Request": "true"})
    assert [t.name for t in response.templates][0] == "workspace/_results.html"
    assert b"<html" not in response.content


def test_pages_follow_a_cursor_without_repeating_rows(cast: Cast) -> None:
    for _ in range(3):
        make_conversation(cast.customer, team=cast.support)
    client = signed_in("sam")
    from hamdel.workspace import views

    views.PAGE_SIZE, saved = 2, views.PAGE_SIZE
    try:
        first = client.get("/inbox/?view=all").context["page"]
        second = client.get(f"/inbox/?view=all&cursor={first.next_cursor}").context["page"]
    finally:
        views.PAGE_SIZE = saved
    assert len(first.items) == 2
    assert len(second.items) == 1
    assert not {c.pk for c in first.items} & {c.pk for c in second.items}


def test_bulk_assign_gives_the_selected_conversations_to_an_agent(cast: Cast) -> None:
    one = make_conversation(cast.customer, team=cast.support)
    two = make_conversation(cast.customer, team=cast.support)
    response = signed_in("sam").post(
        "/inbox/bulk",
        {"ids": [one.pk, two.pk], "action": "assign", "assignee": cast.alice.user_id},
    )
    assert response.status_code == 302
    assert set(Conversation.objects.values_list("assignee_id", flat=True)) == {cast.alice.user_id}


def test_bulk_actions_skip_conversations_the_agent_cannot_see(cast: Cast) -> None:
    theirs = make_conversation(cast.customer, team=cast.billing)
    signed_in("alice").post("/inbox/bulk", {"ids": [theirs.pk], "action": "spam"})
    theirs.refresh_from_db()
    assert theirs.status == Status.NEW


def test_bulk_spam_and_tag(cast: Cast) -> None:
    one = make_conversation(cast.customer, team=cast.support)
    client = signed_in("alice")
    client.post("/inbox/bulk", {"ids": [one.pk], "action": "tag", "tag": "later"})
    client.post("/inbox/bulk", {"ids": [one.pk], "action": "spam"})
    one.refresh_from_db()
    assert one.status == Status.SPAM
    assert list(one.tags.values_list("name", flat=True)) == ["later"]


def test_a_saved_view_keeps_the_filters_and_appears_in_the_sidebar(cast: Cast) -> None:
    client = signed_in("alice")
    response = client.post("/inbox/views", {"name": "Urgent", "query": "view=all&priority=urgent"})
    assert response["Location"] == "/inbox/?view=all&priority=urgent"
    assert SavedView.objects.get(owner=cast.alice.user).name == "Urgent"
    assert "Urgent" in client.get("/inbox/").content.decode()


def test_csv_export_lists_every_matching_conversation(cast: Cast) -> None:
    make_conversation(cast.customer, team=cast.support, subject="First")
    make_conversation(make_customer("Zeynep Kaya"), team=cast.support, subject="Second")
    response = signed_in("alice").get("/inbox/export.csv?view=all")
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[0][:2] == ["number", "subject"]
    assert sorted(row[1] for row in rows[1:]) == ["First", "Second"]


def test_the_inbox_page_needs_a_bounded_number_of_queries(
    cast: Cast, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for index in range(30):
        conversation = make_conversation(cast.customer, team=cast.support)
        set_tags(conversation, [f"tag{index % 4}"], None)
        assign_conversation(conversation, None, assignee=cast.alice.user)
    client = signed_in("alice")
    with django_assert_max_num_queries(16):
        response = client.get("/inbox/?view=all")
    assert len(response.context["page"].items) == 30


def test_the_agents_language_is_used_and_the_switcher_remembers_it(cast: Cast) -> None:
    client = signed_in("alice")
    client.post("/language", {"language": "fa", "next": "/inbox/"})
    cast.alice.refresh_from_db()
    assert cast.alice.ui_language == "fa"
    page = client.get("/inbox/").content.decode()
    assert 'dir="rtl"' in page
    assert 'lang="fa"' in page


def test_every_views_total_is_the_same_on_the_page_and_in_the_fragment(cast: Cast) -> None:
    for status in (Status.NEW, Status.WAITING, Status.SOLVED, Status.SPAM):
        conversation = make_conversation(cast.customer, team=cast.support)
        change_status(conversation, status, None)
    client = signed_in("alice")
    for slug in ("mine", "unassigned", "team", "all", "waiting", "solved", "spam"):
        page = client.get(f"/inbox/?view={slug}").context
        fragment = client.get(f"/inbox/?view={slug}", headers={"HX-Request": "true"}).context
        assert page["total"] == fragment["total"] == len(page["page"].items), slug
