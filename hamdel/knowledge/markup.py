"""Markdown to safe HTML, and the placeholders of canned replies."""

import re
from collections.abc import Mapping

import nh3
from markdown_it import MarkdownIt

# CommonMark with tables and strikethrough; raw HTML in the Markdown is shown as text.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)
_TAGS = {
    "a", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "img", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"style"}}


def render_markdown(text: str) -> str:
    """The article's HTML: Markdown rendered, then sanitised (nh3) before it is stored.

    Links keep only http(s) and mailto and get rel="noopener noreferrer nofollow"; images
    only http(s) or the help centre's own /help/images/ paths.
    """
    html = _MARKDOWN.render(text)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes={**_ATTRIBUTES, "th": set(), "td": set()},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


PLACEHOLDERS = ("customer_name", "agent_name", "promise_due", "conversation_number")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """A canned reply's text with its placeholders ({customer_name}, ...) filled in; a
    placeholder with no value is left as written, for the agent to see and complete."""
    return _PLACEHOLDER.sub(lambda match: values.get(match[1]) or match[0], template)
