"""Every response forbids inline and foreign scripts; no template carries an inline script."""

import re
from pathlib import Path

from django.test import Client

import hamdel
from hamdel.test import PASSWORD, Cast


def test_every_page_forbids_inline_and_foreign_scripts(cast: Cast) -> None:
    client = Client()
    client.login(username="alice", password=PASSWORD)
    for path in ["/login/", "/inbox/", "/api/v1/openapi.json", "/healthz"]:
        policy = client.get(path)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'", path
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"


def test_no_template_has_an_inline_script_or_event_handler_attribute() -> None:
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=", re.I)
    offenders = [
        str(template)
        for template in Path(hamdel.__file__).parent.glob("*/templates/**/*.html")
        if inline_script.search(text := template.read_text()) or handler.search(text)
    ]
    assert offenders == []
