"""Posting the contact form as a browser would: fetch the page, read its token, send."""

import re
from datetime import timedelta
from typing import Any

from django.test import Client
from django.test.client import MULTIPART_CONTENT
from django.utils import timezone

from hamdel.webform import tokens
from hamdel.webform.models import WebForm

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def token_of(page: Any) -> str:
    match = TOKEN.search(page.content.decode())
    assert match is not None, "the page carries a render token"
    return match.group(1)


def aged_token(form: WebForm, seconds: float = 5) -> str:
    """The token of a page rendered `seconds` ago: the customer took their time."""
    return tokens.issue(form, timezone.now() - timedelta(seconds=seconds))


def entry(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Leyla Karimi",
        "contact": "leyla@example.com",
        "message": "My order 5521 arrived broken.\nCan you send another?",
        "website": "",
    }
    data.update(overrides)
    return data


def send(
    client: Client,
    form: WebForm,
    path: str = "/contact/",
    *,
    token: str | None = None,
    query: str = "",
    **overrides: Any,
) -> Any:
    data = entry(**overrides)
    data["token"] = token if token is not None else aged_token(form)
    return client.post(f"{path}{query}", data, content_type=MULTIPART_CONTENT)
