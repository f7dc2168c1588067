"""`{% conduct_body message %}`: a message's text masked for the agent viewing the page.

The hook for the workspace's thread (hamdel/workspace/templates/workspace/_thread_item.html):
`{% load conduct %}` and `{% conduct_body item %}` in place of `{{ item.body_text }}`.
"""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from hamdel.conduct.masking import mask

register = template.Library()


@register.simple_tag(takes_context=True)
def conduct_body(context: dict[str, Any], message: Any) -> SafeString:
    return mask(message.body_text, message.pk, context["request"].user)
