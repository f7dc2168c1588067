"""The agent's API tokens page: create (the secret is shown once) and revoke."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.api import actions
from hamdel.api.models import ApiToken
from hamdel.lib.web import attempt
from hamdel.people.permissions import agent_required, me


@agent_required
def tokens(request: HttpRequest) -> HttpResponse:
    secret = None
    if request.method == "POST":
        created = attempt(
            request, actions.create_token, me(request), request.POST.get("name", ""), me(request)
        )
        if created is not None:
            secret = created[1]
    mine = ApiToken.objects.filter(user=me(request))
    return render(request, "api/tokens.html", {"tokens": mine, "secret": secret})


@agent_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=me(request))
    actions.revoke_token(token, me(request))
    messages.success(request, _("Token revoked."))
    return redirect("tokens")
