"""The administrators' mailbox pages. Thin: the writes are in actions.py."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from hamdel.mail import actions
from hamdel.mail.forms import MailboxForm
from hamdel.mail.models import Mailbox
from hamdel.people.permissions import agent_required, me, require_admin
from hamdel.tickets.queries import message_for


@agent_required
def mailboxes(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    return render(request, "mail/mailboxes.html", {"mailboxes": Mailbox.objects.all()})


@agent_required
def mailbox(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_admin(request)
    found = get_object_or_404(Mailbox, pk=pk) if pk is not None else None
    form = MailboxForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in actions.EDITABLE}
        saved = actions.save_mailbox(found, {**data, "password": form.cleaned_data["password"]})
        messages.success(request, _("Mailbox saved."))
        return redirect("mail-mailbox", saved.pk)
    return render(request, "mail/mailbox.html", {"form": form, "mailbox": found})


# The HTML of a customer's mail, already nh3-sanitised, framed by the conversation page in
# a sandbox (no script, no forms, an origin of its own). Nothing remote loads unless the
# agent asks for images; no Referer ever leaves with the conversation's URL.
HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:{images}; sandbox"


@agent_required
@xframe_options_sameorigin
def message_html(request: HttpRequest, message_id: int) -> HttpResponse:
    message = message_for(me(request), message_id)
    images = request.GET.get("images") == "1"
    response = render(request, "mail/html.html", {"message": message, "html": message.body_html})
    response["Content-Security-Policy"] = HTML_POLICY.format(
        images=" https: http:" if images else ""
    )
    response["Referrer-Policy"] = "no-referrer"
    return response
