"""`hamdel ingest-email FILE... [--json]` over the shared corpus and our own replies."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from hamdel.mail.models import MailMessage
from hamdel.tickets.models import Conversation, Message

CORPUS = (Path(__file__).resolve().parents[3] / "../shared/corpus/mail").resolve()
CORPUS_FILES = sorted(CORPUS.glob("*.eml"))
OWN_REPLIES = sorted((Path(__file__).parent / "data").glob("*.eml"))

pytestmark = pytest.mark.django_db


def ingest_json(*files: Path) -> list[dict[str, Any]]:
    out = StringIO()
    call_command("ingest-email", *map(str, files), "--json", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_whole_corpus_ingests_one_object_per_file() -> None:
    results = ingest_json(*CORPUS_FILES)
    assert [r["file"] for r in results] == [str(p) for p in CORPUS_FILES]
    for result in results:
        assert set(result) == {"file", "conversation_id", "message_id", "status"}
        assert result["status"] in {"stored", "flagged"}
        assert Message.objects.filter(
            pk=result["message_id"], conversation_id=result["conversation_id"]
        ).exists()
    assert Message.objects.count() == len(CORPUS_FILES)
    assert MailMessage.objects.count() == len(CORPUS_FILES)
    flagged = {Path(str(r["file"])).name for r in results if r["status"] == "flagged"}
    assert "ss_mail_malformed_1.eml" in flagged


def test_the_corpus_twice_is_all_duplicates() -> None:
    first = ingest_json(*CORPUS_FILES)
    again = ingest_json(*CORPUS_FILES)
    assert {r["status"] for r in again} == {"duplicate"}
    assert [r["message_id"] for r in again] == [r["message_id"] for r in first]
    assert Message.objects.count() == len(CORPUS_FILES)


def _reply_to(parent_id: str, sender: str, subject: str) -> bytes:
    return (
        f"From: {sender}\r\nTo: support@hd.test\r\nSubject: Re: {subject}\r\n"
        f"Message-ID: <reply-to-{parent_id.strip('<>')}>\r\nIn-Reply-To: {parent_id}\r\n"
        f"References: {parent_id}\r\nContent-Type: text/plain\r\n\r\nThanks, one more thing.\r\n"
    ).encode()


@pytest.mark.parametrize(
    "name",
    ["lkml_koi8r_reply.eml", "linuxdvb_iso8859-9_reply.eml", "ss_mail_test_7.eml"],
)
def test_an_answer_to_a_corpus_message_threads_into_its_conversation(
    name: str, tmp_path: Path
) -> None:
    from hamdel.mail.parse import parse_mail

    original = parse_mail((CORPUS / name).read_bytes())
    [first] = ingest_json(CORPUS / name)
    answer = tmp_path / "answer.eml"
    answer.write_bytes(_reply_to(original.message_id, original.from_address, original.subject))
    [reply] = ingest_json(answer)
    assert reply["status"] == "stored"
    assert reply["conversation_id"] == first["conversation_id"]
    stranger = tmp_path / "stranger.eml"
    stranger.write_bytes(_reply_to(original.message_id, "x@stranger.example", "y"))
    [other] = ingest_json(stranger)
    assert other["conversation_id"] != first["conversation_id"]


def test_our_own_replies_ingest_and_show_only_what_is_new() -> None:
    results = ingest_json(*OWN_REPLIES)
    assert {r["status"] for r in results} == {"stored"}
    records = MailMessage.objects.filter(message_id__in=[r["message_id"] for r in results])
    collapsed = [r for r in records if r.visible_text]
    # Every reply but the interleaved one has quoted history to collapse.
    assert len(collapsed) >= len(OWN_REPLIES) - 1
    for record in collapsed:
        assert len(record.visible_text) < len(record.message.body_text)


def test_a_file_that_is_no_mail_is_stored_flagged_with_a_conversation(tmp_path: Path) -> None:
    junk = tmp_path / "junk.eml"
    junk.write_bytes(b"\x00\x01\x02 not a mail at all \xff")
    [result] = ingest_json(junk)
    assert result["status"] == "flagged"
    assert Conversation.objects.filter(pk=result["conversation_id"]).exists()


def test_the_plain_output_names_the_conversation(tmp_path: Path) -> None:
    out = StringIO()
    call_command("ingest-email", str(CORPUS / "lkml_koi8r_reply.eml"), stdout=out)
    assert "stored, conversation" in out.getvalue()
