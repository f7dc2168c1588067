"""Abusive words masked for agents: what the conversation thread shows.

`mask(text, message_id, user)` is the hook for the workspace's thread: it returns the
message's text, HTML-escaped, with each abusive word replaced by a masked span, and (unless
the agent chose never to see them) a one-click "Show" button that asks
`POST /conduct/messages/<id>/reveal` (audited) for the unmasked text. A message with
nothing detected comes back escaped and unchanged.
"""

from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hamdel.conduct.models import Detection, Preference

MASK = "•••"


def masked_html(text: str, matches: list[dict[str, object]]) -> SafeString:
    """`text` escaped, each match (offsets into `text`) replaced by a masked span."""
    parts: list[str] = []
    position = 0
    for match in sorted(matches, key=lambda m: int(m["start"])):  # type: ignore[call-overload]
        start, end = int(match["start"]), int(match["end"])  # type: ignore[call-overload]
        if start < position or end > len(text):
            continue  # overlapping or stale offsets: never show part of a word
        parts.append(escape(text[position:start]))
        parts.append(
            f'<span class="conduct-mask" data-category="{escape(str(match["category"]))}">'
            f"{MASK}</span>"
        )
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def mask(text: str, message_id: int, user: User, detection: Detection | None = None) -> SafeString:
    """The text of message `message_id` as `user` may see it (see the module docstring)."""
    if detection is None:
        detection = Detection.objects.filter(message_id=message_id).first()
    if detection is None or not detection.matches:
        return escape(text)
    never = Preference.objects.filter(user=user, never_reveal=True).exists()
    return mark_safe(  # noqa: S308 - the template escapes; masked_html escapes the text
        render_to_string(
            "conduct/_masked.html",
            {
                "message_id": message_id,
                "masked": masked_html(text, detection.matches),
                "detection": detection,
                "never_reveal": never,
            },
        )
    )
