"""The one place messaging speaks HTTP to providers (stdlib urllib, so no extra package):
JSON, form and multipart bodies, a size-capped download. Tests point account API base
URLs at a local fake, so this is the seam they mock the outside world at.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any

TIMEOUT = 20  # seconds per request: well within tickets' ATTEMPT_LEASE of 2 minutes


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None


class TooLarge(Exception):
    """A download went past its cap."""


@dataclass(frozen=True)
class FilePart:
    field: str
    filename: str
    content_type: str
    content: bytes


def request(
    method: str,
    url: str,
    *,
    json_body: Any = None,
    form: dict[str, Any] | list[tuple[str, str]] | None = None,
    files: list[FilePart] | None = None,
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
    limit: int | None = None,
) -> Answer:
    """One HTTP request; an HTTP error status is an Answer too, a network failure an OSError.

    `raw`: the body as given (its headers too); `limit`: read at most this many bytes of
    the answer, else TooLarge.
    """
    data: bytes | None = raw
    sent = dict(headers or {})
    if files:
        data, sent["Content-Type"] = _multipart(form or {}, files)
    elif form is not None:
        data = urllib.parse.urlencode(form).encode()
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    elif json_body is not None:
        data = json.dumps(json_body).encode()
        sent["Content-Type"] = "application/json"
    prepared = urllib.request.Request(url, data=data, headers=sent, method=method)  # noqa: S310 - providers' https URLs
    try:
        with urllib.request.urlopen(prepared, timeout=TIMEOUT) as response:  # noqa: S310
            return Answer(response.status, _read(response, limit), dict(response.headers))
    except urllib.error.HTTPError as error:
        return Answer(error.code, _read(error, 64 * 1024, cut=True), dict(error.headers or {}))


def _read(response: Any, limit: int | None, cut: bool = False) -> bytes:
    if limit is None:
        return bytes(response.read())
    body = bytes(response.read(limit + 1))
    if len(body) > limit:
        if cut:
            return body[:limit]
        raise TooLarge
    return body


def _multipart(
    form: dict[str, Any] | list[tuple[str, str]], files: list[FilePart]
) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    lines: list[bytes] = []
    pairs = form.items() if isinstance(form, dict) else form
    for name, value in pairs:
        lines += [
            f"--{boundary}".encode(),
            f'Content-Disposition: form-data; name="{name}"'.encode(),
            b"",
            str(value).encode(),
        ]
    for part in files:
        filename = part.filename.replace('"', "")
        lines += [
            f"--{boundary}".encode(),
            f'Content-Disposition: form-data; name="{part.field}"; filename="{filename}"'.encode(),
            f"Content-Type: {part.content_type or 'application/octet-stream'}".encode(),
            b"",
            part.content,
        ]
    lines += [f"--{boundary}--".encode(), b""]
    return b"\r\n".join(lines), f"multipart/form-data; boundary={boundary}"
