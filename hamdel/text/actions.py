"""The text app's one entry point for every inbound or outbound message.

`hamdel.tickets.actions.add_message` calls `prepare_message` before it saves a message,
whatever the channel, and stores what comes back; channels never redact, detect or
normalise on their own.
"""

from dataclasses import dataclass

from hamdel.text.detect import detect_language
from hamdel.text.markup import text_of_html
from hamdel.text.normalise import normalise
from hamdel.text.redact import redact, redact_html


@dataclass(frozen=True)
class PreparedText:
    text: str  # plain body to store: redacted; derived from the HTML if none was given
    html: str  # HTML body to store: text nodes redacted, markup untouched
    language: str | None  # ISO 639-1 code among the served languages, else the hint
    redactions: int  # card numbers and IBANs masked (the larger of text and HTML counts)
    normalised: str  # normalise(text): the canonical form the search index is built from


def prepare_message(
    body_text: str, body_html: str, language_hint: str | None, redaction_enabled: bool
) -> PreparedText:
    """Redact, detect the language of and normalise one message body.

    `language_hint` is the customer's language, used when the text is too short or too
    mixed to tell. `redaction_enabled` is the organisation's setting (on by default).
    Pure: no database access, so it can run before the transaction that saves the
    message opens.
    """
    text, html, redactions = body_text, body_html, 0
    if redaction_enabled:
        text_result = redact(body_text)
        html_result = redact_html(body_html)
        text, html = text_result.text, html_result.text
        # Text and HTML are usually two renderings of the same words: count once.
        redactions = max(text_result.count, html_result.count)
    if not text.strip() and html.strip():
        text = text_of_html(html)
    language = detect_language(text, language_hint)
    return PreparedText(
        text=text,
        html=html,
        language=language,
        redactions=redactions,
        normalised=normalise(text, language),
    )
