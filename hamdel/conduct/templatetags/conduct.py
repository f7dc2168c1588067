"""`{% conduct_body message %}`: a message's text masked for the agent viewing the page.

The hook for the workspace's thread (hamdel/workspace/templates/workspace/_thread_item.html):
`{% load conduct %}` and `{% conduct_body item %}` in place of `{{ item.body_text }}`.
"""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from hamdel.conduct.masking import mask
from hamdel.conduct.models import Detection

register = template.Library()


@register.simple_tag(takes_context=True)
def conduct_body(context: dict[str, Any], message: Any) -> SafeString:
    return mask(message.body_text, message.pk, context["request"].user)


def _detections(context: template.Context, conversation_id: int) -> dict[int, Detection]:
    """The conversation's detections, read once per page (the thread shows many messages)."""
    key = f"conduct-detections-{conversation_id}"
    if key not in context.render_context:
        found = Detection.objects.filter(conversation_id=conversation_id).exclude(matches=[])
        context.render_context[key] = {detection.message_id: detection for detection in found}
    detections: dict[int, Detection] = context.render_context[key]
    return detections


@register.simple_tag(takes_context=True)
def masked_body(context: template.Context, message: Any) -> SafeString | str:
    """The thread's hook: the message masked for this agent when conduct found abuse in it,
    else "" (the thread then shows the body as usual)."""
    if message.direction != "inbound":
        return ""
    detection = _detections(context, message.conversation_id).get(message.pk)
    if detection is None:
        return ""
    return mask(message.body_text, message.pk, context["request"].user, detection)
