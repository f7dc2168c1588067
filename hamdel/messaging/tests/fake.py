"""A local fake of each provider's HTTP API, on 127.0.0.1 and a free port: the outside
world, mocked at its one seam (accounts' API base URLs point here).

It answers the calls messaging makes as the providers document them (Telegram's
`{"ok": ..., "result": ...}`, Twilio's Message resource, the WhatsApp Cloud API's
`{"messages": [{"id": ...}]}`), keeps every request it took, serves files, and can be told
to fail the next calls (`fail_next("sendMessage", 429, {...})`).
"""

import email.parser
import email.policy
import itertools
import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Call:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    form: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.rstrip("/").rsplit("/", 1)[-1]

    def value(self, key: str) -> str:
        if key in self.form:
            return self.form[key][0]
        found: Any = self.json().get(key, "")
        return str(found)

    def json(self) -> dict[str, Any]:
        try:
            loaded: Any = json.loads(self.body or b"{}")
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {}


@dataclass
class Fake:
    url: str = ""
    calls: list[Call] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # path -> content served on GET
    failures: list[tuple[str, int, Any]] = field(default_factory=list)
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, name: str, status: int, body: Any) -> None:
        self.failures.append((name, status, body))

    def sent(self, *names: str) -> list[Call]:
        """The calls that delivered something (answered 2xx), of these method names."""
        return [
            call for call in self.calls if call.name in names and getattr(call, "accepted", False)
        ]

    def answer(self, call: Call) -> tuple[int, Any]:
        with self.lock:
            self.calls.append(call)
            for index, (name, status, body) in enumerate(self.failures):
                if name == call.name:
                    del self.failures[index]
                    return status, body
            number = next(self.ids)
        call.accepted = True  # type: ignore[attr-defined]
        if call.method == "GET":
            if call.path in self.files:
                return 200, self.files[call.path]
            media = call.path.rsplit("/", 1)[-1]
            if f"/media/{media}" in self.files:  # WhatsApp: a media id gives its URL
                return 200, {
                    "url": f"{self.url}/media/{media}",
                    "id": media,
                    "messaging_product": "whatsapp",
                }
            return 404, {"error": {"message": "Unknown media", "code": 100}}
        if call.name == "getFile":
            file_id = call.value("file_id")
            return 200, {
                "ok": True,
                "result": {"file_id": file_id, "file_path": f"documents/{file_id}"},
            }
        if call.name in {"sendMessage", "sendPhoto", "sendDocument"}:
            return 200, {
                "ok": True,
                "result": {"message_id": 1000 + number, "chat": {"id": call.value("chat_id")}},
            }
        if call.name == "setWebhook":
            return 200, {"ok": True, "result": True, "description": "Webhook was set"}
        if call.name == "Messages.json":
            return 201, {
                "sid": f"SM{number:032d}",
                "status": "queued",
                "to": call.value("To"),
                "body": call.value("Body"),
            }
        if call.name == "messages":  # WhatsApp
            to = call.json().get("to")
            return 200, {
                "messaging_product": "whatsapp",
                "contacts": [{"input": to, "wa_id": to}],
                "messages": [{"id": f"wamid.FAKE{number}"}],
            }
        if call.name == "outbound":
            return 200, {"id": f"hook-{number}"}
        return 404, {"error": "unknown"}


class _Handler(BaseHTTPRequestHandler):
    fake: Fake

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _sep, query = self.path.partition("?")
        call = Call(self.command, path, dict(self.headers.items()), body)
        kind = self.headers.get("Content-Type", "")
        if kind.startswith("application/x-www-form-urlencoded"):
            call.form = urllib.parse.parse_qs(body.decode(), keep_blank_values=True)
        elif kind.startswith("multipart/form-data"):
            _read_multipart(call, kind)
        if query:
            for key, values in urllib.parse.parse_qs(query).items():
                call.form.setdefault(key, values)
        status, answer = self.fake.answer(call)
        payload = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
        self.send_response(status)
        self.send_header(
            "Content-Type",
            "application/octet-stream" if isinstance(answer, bytes) else "application/json",
        )
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _serve  # noqa: N815 - the stdlib's names


def _read_multipart(call: Call, content_type: str) -> None:
    raw = f"Content-Type: {content_type}\r\n\r\n".encode() + call.body
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        content = part.get_payload(decode=True)
        assert isinstance(content, bytes), "a multipart part's body"
        if filename:
            call.files[str(name)] = (filename, content)
        else:
            call.form[str(name)] = [content.decode()]


@pytest.fixture
def fake() -> Iterator[Fake]:
    state = Fake()
    handler = type("Handler", (_Handler,), {"fake": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
