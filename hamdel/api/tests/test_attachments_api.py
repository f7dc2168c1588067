import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.fixtures import Settings

from hamdel.test import ApiClient, Cast, make_conversation
from hamdel.tickets.models import Message

pytestmark = pytest.mark.django_db


def test_a_reply_with_an_attachment_is_downloadable_by_who_may_see_it(cast: Cast) -> None:
    conversation = make_conversation(cast.customer, team=cast.support)
    api = ApiClient(cast.alice.user)
    upload = SimpleUploadedFile(
        "label.html", b"<script>alert(1)</script>", content_type="text/html"
    )
    response = api.post_files(
        f"/conversations/{conversation.pk}/messages/upload",
        {"body": "Your label", "files": [upload]},
    )
    assert response.status_code == 201, response.content
    attachment = response.json()["attachments"][0]
    assert attachment["filename"] == "label.html"

    download = api.client.get(attachment["url"], headers={"Authorization": f"Bearer {api.token}"})
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == "application/octet-stream"
    assert b"".join(download.streaming_content) == b"<script>alert(1)</script>"  # type: ignore[attr-defined]

    outsider = ApiClient(cast.bob.user)
    assert (
        outsider.client.get(
            attachment["url"], headers={"Authorization": f"Bearer {outsider.token}"}
        ).status_code
        == 404
    )
    assert api.client.get(attachment["url"]).status_code == 401


def test_an_oversized_attachment_is_422_and_nothing_is_stored(
    cast: Cast, settings: Settings
) -> None:
    settings.MAX_ATTACHMENT_MB = 1
    conversation = make_conversation(cast.customer, team=cast.support)
    before = Message.objects.count()
    upload = SimpleUploadedFile("big.bin", b"x" * (1024 * 1024 + 10))
    response = ApiClient(cast.alice.user).post_files(
        f"/conversations/{conversation.pk}/messages/upload", {"body": "big", "files": [upload]}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "attachments"
    assert Message.objects.count() == before
