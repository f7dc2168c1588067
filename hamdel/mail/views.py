"""The administrators' mailbox pages. Thin: the writes are in actions.py."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from hamdel.mail import actions
from hamdel.mail.forms import MailboxForm
from hamdel.mail.models import Mailbox
from hamdel.people.permissions import agent_required, require_admin


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
