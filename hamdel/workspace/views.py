"""The inbox and the agent's own pages: preferences, language, saved views, audit."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hamdel.lib.csv_export import csv_response
from hamdel.lib.pagination import Page, paginate
from hamdel.lib.params import id_list, id_param
from hamdel.lib.web import attempt, back, is_htmx
from hamdel.people.actions import update_agent
from hamdel.people.permissions import agent_required, me, my_agent, require_supervisor
from hamdel.people.queries import agent_of
from hamdel.promises.queries import prefetch_open_promises
from hamdel.sla.queries import DUE_SOONEST, due_soonest_page, prefetch_sla_timers
from hamdel.tickets.models import Conversation
from hamdel.tickets.queries import search_everything
from hamdel.workspace import actions, queries
from hamdel.workspace.describe import change_of, describe
from hamdel.workspace.forms import BulkForm, PreferencesForm, SavedViewForm
from hamdel.workspace.queries import SEARCH_KINDS

PAGE_SIZE = 50


def home(request: HttpRequest) -> HttpResponse:
    return redirect("inbox")


def _page(request: HttpRequest, conversations: Any, query: queries.InboxQuery) -> Page[Any]:
    """A cursor that is not this list's is a 400 (ValidationError), like any bad value."""
    cursor = request.GET.get("cursor")
    if query.sort == DUE_SOONEST:  # sorted on an annotation: sla pages it
        return due_soonest_page(
            conversations, list_name=query.list_name, cursor=cursor, limit=PAGE_SIZE
        )
    return paginate(
        conversations, list_name=query.list_name, sort=query.sort,
        allowed_sorts=queries.SORTS, cursor=cursor, limit=PAGE_SIZE,
    )  # fmt: skip


@agent_required
def inbox(request: HttpRequest) -> HttpResponse:
    query = queries.InboxQuery.from_params(request.GET)
    conversations = queries.inbox_conversations(me(request), query, my_agent(request).timezone)
    page = _page(request, conversations, query)
    prefetch_sla_timers(page.items)  # the SLA badges: one query for the whole page
    prefetch_open_promises(page.items)  # the promise badges, likewise
    counts = None if is_htmx(request) else queries.view_counts(me(request))
    context = {
        "query": query,
        "page": page,
        # A full page has every view's count already: an unfiltered view's total is one.
        "total": (
            counts[query.view]
            if counts is not None and query.is_plain
            else queries.count_matching(conversations)
        ),
        "current_view": query.view,
        "options": queries.filter_options(me(request)),
    }
    if counts is None:
        return render(request, "workspace/_results.html", context)
    context["nav_views"] = [
        {"slug": view.slug, "label": view.label, "count": counts[view.slug]}
        for view in queries.VIEWS
    ]
    context["saved_views"] = queries.saved_views_of(me(request))
    return render(request, "workspace/inbox.html", context)


@agent_required
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The inbox list as CSV, through the one CSV writer; each export is audited."""
    query = queries.InboxQuery.from_params(request.GET)
    conversations = queries.inbox_conversations(me(request), query, my_agent(request).timezone)
    actions.record_export(
        me(request), query.list_name, request.GET.urlencode(), conversations.count()
    )
    return csv_response(queries.export_rows(conversations), f"conversations-{query.view}.csv")


@agent_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose conversations and an action."))
        return back(request, reverse("inbox"))
    data = form.cleaned_data
    ids = id_list(request.POST, "ids")
    assignee = queries.assignee_choice(me(request), data["assignee"])
    done = attempt(
        request, actions.bulk_change, me(request), ids, action=data["action"],
        assignee=assignee, status=data["status"], tag=data["tag"],
    )  # fmt: skip
    if done:
        messages.success(
            request,
            ngettext("%(count)d conversation changed.", "%(count)d conversations changed.", done)
            % {"count": done},
        )
    return back(request, reverse("inbox"))


@agent_required
@require_POST
def save_view(request: HttpRequest) -> HttpResponse:
    form = SavedViewForm(request.POST)
    if form.is_valid():
        saved = attempt(
            request, actions.save_view, me(request), form.cleaned_data["name"],
            form.cleaned_data["query"],
        )  # fmt: skip
        if saved:
            messages.success(request, _("View “%(name)s” saved.") % {"name": saved.name})
            return redirect(f"{reverse('inbox')}?{saved.query}")
    return back(request, reverse("inbox"))


@agent_required
@require_POST
def delete_saved_view(request: HttpRequest, view_id: int) -> HttpResponse:
    actions.delete_view(me(request), view_id)
    return redirect("inbox")


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Remembered on the agent's profile when signed in, and in a cookie for the login page."""
    language = request.POST.get("language", "")
    response = back(request, reverse("inbox"))
    if language not in dict(settings.LANGUAGES):
        return response
    agent = agent_of(request.user)
    if agent is not None:
        update_agent(agent, me(request), ui_language=language)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response


@agent_required
def preferences(request: HttpRequest) -> HttpResponse:
    agent = my_agent(request)
    form = PreferencesForm(request.POST or None, initial=PreferencesForm.initial_of(agent))
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(request, update_agent, agent, me(request), **form.cleaned_data) is not None
    ):
        messages.success(request, _("Your preferences are saved."))
        return redirect("preferences")
    return render(request, "workspace/preferences.html", {"form": form, "agent": agent})


@agent_required
def audit(request: HttpRequest) -> HttpResponse:
    require_supervisor(request)
    conversation: Conversation | None = queries.conversation_from_param(
        request.GET.get("conversation")
    )
    customer_id = request.GET.get("customer", "")
    events = queries.events_for_audit(
        conversation.pk if conversation else None, id_param(request.GET, "customer")
    )
    page = paginate(
        events, list_name="audit", sort="-id", allowed_sorts=("-id",),
        cursor=request.GET.get("cursor"), limit=PAGE_SIZE,
    )  # fmt: skip
    rows = [(event, describe(event), change_of(event)) for event in page.items]
    context = {"page": page, "rows": rows, "conversation": conversation, "customer_id": customer_id}
    return render(request, "workspace/audit.html", context)


SEARCH_RESULTS = 50


@agent_required
def search(request: HttpRequest) -> HttpResponse:
    """One search over conversations, messages and customers the agent may open."""
    text = request.GET.get("q", "").strip()[:500]
    kind = request.GET.get("type") or None
    hits = []
    if text:  # an unknown type is a 400 (ValidationError), as on every list
        hits = search_everything(me(request), text, limit=SEARCH_RESULTS, kind=kind)
    context = {"text": text, "kind": kind or "", "hits": hits, "kinds": SEARCH_KINDS}
    return render(request, "workspace/search.html", context)
