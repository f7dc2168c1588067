"""The conversation page and every change made from it; each POST calls one action.

It lives in the workspace because the page combines tickets (the thread and its changes)
with the workspace's own drafts and lists, and people (agents, teams)."""

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.lib.params import parse_id
from hamdel.lib.web import attempt
from hamdel.people.models import Team
from hamdel.people.permissions import agent_required, me
from hamdel.tickets import actions, queries
from hamdel.tickets.forms import AssignForm, MergeForm, PropertiesForm, TagsForm
from hamdel.tickets.models import Direction, Message, Note, Status
from hamdel.workspace import actions as workspace_actions
from hamdel.workspace import queries as workspace_queries


@agent_required
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.conversation_for(request.user, pk, detail=True)
    thread: list[Message | Note] = sorted(
        [*found.messages.all(), *found.notes.all()], key=lambda item: (item.created_at, item.pk)
    )
    context = {
        "conversation": found,
        "thread": thread,
        "properties": PropertiesForm(
            initial={f: getattr(found, f) for f in PropertiesForm.base_fields}
        ),
        "tags": " ".join(tag.name for tag in found.tags.all()),
        "agents": list(workspace_queries.active_agents()),
        "teams": list(Team.objects.order_by("name")),
        "others": list(workspace_queries.other_open_conversations(request.user, found)),
        "draft": workspace_queries.draft_of(request.user, found),
    }
    return render(request, "workspace/conversation.html", context)


@agent_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.conversation_for(request.user, pk)
    uploads = request.FILES.getlist("files")
    attachments = attempt(request, lambda: [actions.NewAttachment.from_upload(f) for f in uploads])
    sent = None if attachments is None else attempt(
        request, actions.add_message, found, direction=Direction.OUTBOUND,
        body_text=request.POST.get("body", ""), author_agent=me(request),
        attachments=attachments, actor=me(request),
    )  # fmt: skip
    if sent:
        workspace_actions.discard_draft(me(request), found)
        messages.success(request, _("Reply sent."))
        if request.POST.get("then") == "solve":
            attempt(request, actions.change_status, found, Status.SOLVED, me(request))
    return redirect("conversation", pk)


@agent_required
@require_POST
def note(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.conversation_for(request.user, pk)
    if attempt(request, actions.add_note, found, request.POST.get("body", ""), me(request)):
        messages.success(request, _("Note added."))
    return redirect("conversation", pk)


@agent_required
@require_POST
def save_draft(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.conversation_for(request.user, pk)
    workspace_actions.save_draft(me(request), found, request.POST.get("body", ""))
    return render(request, "workspace/_draft_status.html", {"saved": True})


@agent_required
@require_POST
def take(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.conversation_for(request.user, pk)
    attempt(request, actions.assign_conversation, found, me(request), assignee=me(request))
    return redirect("conversation", pk)


@agent_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.conversation_for(request.user, pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        team_id = form.cleaned_data["team"]
        attempt(
            request, actions.assign_conversation, found, me(request),
            assignee=workspace_queries.assignee_choice(me(request), form.cleaned_data["assignee"]),
            team=Team.objects.filter(pk=parse_id(team_id, "team")).first() if team_id else None,
        )  # fmt: skip
    if not queries.can_see_conversation(request.user, found):  # handed to another team
        messages.success(
            request, _("#%(number)s is handed over; you can no longer open it.")
            % {"number": found.number},
        )  # fmt: skip
        return redirect("inbox")
    return redirect("conversation", pk)


@agent_required
@require_POST
def properties(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.conversation_for(request.user, pk)
    form = PropertiesForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if attempt(request, actions.change_status, found, data["status"], me(request)):
            attempt(
                request, actions.update_conversation, found, me(request),
                priority=data["priority"], category=data["category"],
            )  # fmt: skip
    return redirect("conversation", pk)


@agent_required
@require_POST
def solve(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.conversation_for(request.user, pk)
    if attempt(request, actions.change_status, found, Status.SOLVED, me(request)):
        messages.success(request, _("Conversation solved."))
    return redirect("conversation", pk)


@agent_required
@require_POST
def tags(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.conversation_for(request.user, pk)
    form = TagsForm(request.POST)
    if form.is_valid():
        attempt(request, actions.set_tags, found, form.names(), me(request))
    return redirect("conversation", pk)


@agent_required
@require_POST
def collaborator(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.conversation_for(request.user, pk)
    user = get_object_or_404(User, pk=parse_id(request.POST.get("user", ""), "user"))
    if request.POST.get("remove"):
        attempt(request, actions.remove_collaborator, found, user, me(request))
    else:
        attempt(request, actions.add_collaborator, found, user, me(request))
    return redirect("conversation", pk)


@agent_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    source = queries.conversation_for(request.user, pk)
    form = MergeForm(request.POST)
    number = form.data.get("target", "").lstrip("#").strip()
    target = (
        workspace_queries.conversation_by_number(me(request), int(number))
        if number.isascii() and number.isdigit()
        else None
    )
    if target is None:
        messages.error(request, _("No conversation you can see has this number."))
        return redirect("conversation", pk)
    if attempt(request, actions.merge_conversations, source, target, me(request)):
        messages.success(request, _("Merged into #%(number)s.") % {"number": target.number})
        return redirect("conversation", target.pk)
    return redirect("conversation", pk)


@agent_required
@require_POST
def split(request: HttpRequest, message_id: int) -> HttpResponse:
    message = queries.message_for(request.user, message_id)
    created = attempt(request, actions.split_message, message, me(request))
    if created is None:
        return redirect("conversation", message.conversation_id)
    messages.success(
        request, _("The message is now conversation #%(number)s.") % {"number": created.number}
    )
    return redirect("conversation", created.pk)


@agent_required
@require_POST
def retry_delivery(request: HttpRequest, message_id: int) -> HttpResponse:
    message = queries.message_for(request.user, message_id)
    actions.retry_delivery(message, me(request))
    messages.success(request, _("The reply is queued to be sent again."))
    return redirect(
        f"{reverse('conversation', args=[message.conversation_id])}#message-{message.pk}"
    )
