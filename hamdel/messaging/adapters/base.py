"""The one small interface every provider adapter implements.

In: `verify` checks the request is the provider's (signature or secret), `read` turns its
body into `Incoming` messages and `StatusReport`s, `download` fetches a file it refers to.
Out: `send_text` and `send_file` send one part each and return the provider's id; they
raise `ProviderError` with the provider's own reason. inbound.py and transport.py do the
rest (receive_message, idempotency, splitting, templates, delivery reports) for all of them.
"""

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from hamdel.messaging.models import Account


@dataclass(frozen=True)
class MediaRef:
    """A file a message refers to: the provider's id or URL, and what it says about it."""

    ref: str
    filename: str
    content_type: str = ""
    size: int | None = None  # as the provider declares it, if it does


@dataclass(frozen=True)
class Incoming:
    external_id: str  # the provider's id of this message: Telegram update_id, MessageSid, wamid
    sender: str  # the sender's handle as the provider gives it (a phone number, a user id)
    name: str = ""
    language: str = ""
    text: str = ""
    media: list[MediaRef] = field(default_factory=list)
    # More identities of the sender (kind, value) the provider vouches for (a webhook's email)
    also: list[tuple[str, str]] = field(default_factory=list)
    # The provider's id of the number it was sent to, where one webhook serves several
    # (a WhatsApp app's phone numbers); "" where the webhook is the account's own.
    to_number: str = ""


@dataclass(frozen=True)
class StatusReport:
    provider_id: str
    delivered: bool  # True: delivered (or read); False: failed
    reason: str = ""


@dataclass
class Read:
    messages: list[Incoming] = field(default_factory=list)
    statuses: list[StatusReport] = field(default_factory=list)


class ProviderError(Exception):
    """The provider refused or failed; `reason` is its own words, `permanent` whether a
    retry cannot help (a refused recipient, not a 429 or a 500)."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class Adapter:
    kind: str
    max_text: int  # characters one text message may hold; longer ones are split
    max_caption: int = 0  # characters a file's caption may hold (0: no captions)
    sends_files: bool = False

    def handshake(self, account: Account, request: HttpRequest) -> HttpResponse | None:
        """A GET the provider makes to check the address (WhatsApp), else None."""
        return None

    def verify(self, account: Account, request: HttpRequest) -> bool:
        raise NotImplementedError

    def read(self, account: Account, request: HttpRequest) -> Read:
        raise NotImplementedError

    def download(self, account: Account, media: MediaRef, limit: int) -> bytes:
        """The file's bytes, at most `limit` (else http.TooLarge); ProviderError if refused."""
        raise NotImplementedError

    def send_text(self, account: Account, to: str, text: str) -> str:
        raise NotImplementedError

    def send_file(
        self,
        account: Account,
        to: str,
        filename: str,
        content_type: str,
        content: bytes,
        caption: str,
    ) -> str:
        raise ProviderError(_("This provider cannot send files."), permanent=True)

    def send_template(
        self, account: Account, to: str, name: str, language: str, parameters: list[str]
    ) -> str:
        raise ProviderError(_("This provider has no templates."), permanent=True)

    def answer(self) -> HttpResponse:
        """What the provider expects back for a webhook taken in."""
        return HttpResponse(status=200)

    def register(self, account: Account, url: str, secret: str) -> str:
        """Tell the provider where the webhook is, if it has an API for that; a note for the
        admin ("" if nothing to say)."""
        return ""


def provider_error(name: str, status: int, detail: str) -> ProviderError:
    """A provider's HTTP failure: 429 and 5xx are worth retrying, other 4xx are not."""
    temporary = status == 429 or status >= 500 or status == 0
    if status == 0:
        reason = _("%(provider)s could not be reached: %(detail)s")
    else:
        reason = _("%(provider)s answered %(status)s: %(detail)s")
    words = reason % {"provider": name, "status": status, "detail": detail}
    return ProviderError(words.strip(), permanent=not temporary)
