from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html_join

from hamdel.lib.tests.tinyapp.models import Wave
from hamdel.people.permissions import agent_required


@agent_required
def waves(request: HttpRequest) -> HttpResponse:
    rows = Wave.objects.order_by("-id").values_list("text")[:20]
    return HttpResponse(format_html_join("\n", "<p>{}</p>", rows))
