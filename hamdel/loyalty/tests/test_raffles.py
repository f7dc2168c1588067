"""Raffles: commitment at opening, frozen pseudonymous entries, the exact draw, the audit
JSON, `hamdel raffle verify`, and the 20-line verifier of docs/loyalty.md."""

import hashlib
import json
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from hamdel.audit.record import record_event
from hamdel.loyalty import raffles
from hamdel.loyalty.models import Raffle
from hamdel.people.models import Tier
from hamdel.test import ApiClient, Cast, make_customer

DOC = Path(__file__).resolve().parents[3] / "docs" / "loyalty.md"


def _drawn(cast: Cast, public_value: str = "") -> dict[str, object]:
    for index in range(12):
        make_customer(f"Entrant {index}")
    api = ApiClient(cast.ada.user)
    opened = api.post(
        "/raffles", {"name": "Nowruz", "winners": 3, "eligibility": {"rule": "all_customers"}}
    )
    assert opened.status_code == 201, opened.content
    raffle_id = opened.json()["id"]
    assert api.post(f"/raffles/{raffle_id}/close").json()["entries"] == 13
    drawn = api.post(f"/raffles/{raffle_id}/draw", {"public_value": public_value})
    assert drawn.status_code == 200
    assert drawn.json()["state"] == "drawn"
    audit: dict[str, object] = api.get(f"/raffles/{raffle_id}/audit").json()
    return audit


def test_the_draw_follows_the_published_algorithm(cast: Cast) -> None:
    audit = _drawn(cast, "06 14 25 33 41")
    seed, entries = bytes.fromhex(str(audit["seed"])), list(audit["entries"])  # type: ignore[call-overload]
    assert hashlib.sha256(seed).hexdigest() == audit["commitment"]
    assert entries == sorted(entries)
    assert len(entries) == 13
    digest = hashlib.sha256("\n".join(entries).encode()).hexdigest()
    assert digest == audit["digest"]
    remaining, expected = list(entries), []
    for i in range(3):
        h = hashlib.sha256(
            seed + b"|" + digest.encode() + b"|" + b"06 14 25 33 41" + b"|" + str(i).encode()
        )
        expected.append(remaining.pop(int(h.hexdigest(), 16) % len(remaining)))
    assert audit["winners"] == expected


def test_a_known_draw_gives_known_winners() -> None:
    codes = ["AAAAA-AAAAA", "BBBBB-BBBBB", "CCCCC-CCCCC", "DDDDD-DDDDD"]
    seed = "00" * 32
    winners = raffles.draw_winners(seed, codes, "", 2)
    digest = hashlib.sha256("\n".join(codes).encode()).hexdigest()
    first = int.from_bytes(hashlib.sha256(bytes(32) + f"|{digest}||0".encode()).digest(), "big") % 4
    assert winners[0] == codes[first]
    assert len(set(winners)) == 2
    everyone = raffles.draw_winners(seed, codes, "", 9)  # more winners than entries
    assert everyone[:2] == winners
    assert sorted(everyone) == codes


def test_the_seed_stays_secret_until_the_draw_and_entries_are_frozen_at_close(cast: Cast) -> None:
    raffle = raffles.open_raffle("Gold only", 1, {"rule": "tier", "tier": Tier.GOLD}, cast.ada.user)
    make_customer("Golda", tier=Tier.GOLD)
    early = ApiClient(cast.alice.user).get(f"/raffles/{raffle.pk}/audit").json()
    assert early["seed"] is None
    assert early["entries"] == []
    assert len(early["commitment"]) == 64
    raffles.close_raffle(raffle, cast.ada.user)
    make_customer("Late Gold", tier=Tier.GOLD)
    closed = raffles.audit_of(Raffle.objects.get(pk=raffle.pk))
    assert len(closed["entries"]) == 1
    assert closed["seed"] is None
    with pytest.raises(ValidationError):
        raffles.close_raffle(raffle, cast.ada.user)
    page = Client().get(f"/raffles/{raffle.pk}/")
    assert page.status_code == 200
    assert b"Golda" not in page.content
    assert closed["entries"][0].encode() in page.content
    api = ApiClient(cast.ada.user)
    drawn = api.client.post(  # an empty body: no public value
        f"/api/v1/raffles/{raffle.pk}/draw",
        "",
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.token}"},
    )
    assert drawn.status_code == 200, drawn.content
    public = Client().get(f"/raffles/{raffle.pk}/?format=json").json()
    assert public["public_value"] == ""
    assert public["winners"] == closed["entries"]
    assert raffles.verify(public).ok


def test_answered_a_survey_this_month_reads_the_audit_trail(cast: Cast) -> None:
    answered = make_customer("Answered")
    make_customer("Silent")
    record_event("feedback.answered", subject_type="survey", subject_id=1, customer_id=answered.pk)
    raffle = raffles.open_raffle(
        "Thanks for answering", 1, {"rule": "answered_survey_this_month"}, None
    )
    raffles.close_raffle(raffle, None)
    assert list(raffle.entries.values_list("customer_id", flat=True)) == [answered.pk]
    with pytest.raises(ValidationError):
        raffles.open_raffle("Bad", 1, {"rule": "lucky_ones"}, None)


def test_raffle_verify_recomputes_and_catches_a_tampered_winner(cast: Cast, tmp_path: Path) -> None:
    audit = _drawn(cast)
    out = StringIO()
    call_command("raffle", "verify", str(audit["id"]), "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"ok": True, "winners": audit["winners"]}
    tampered = tmp_path / "audit.json"
    tampered.write_text(json.dumps({**audit, "winners": list(reversed(audit["winners"]))}))  # type: ignore[call-overload]
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("raffle", "verify", str(tampered), "--json", stdout=out)
    assert json.loads(out.getvalue())["ok"] is False


def test_the_verifier_in_the_docs_checks_a_drawn_raffle(cast: Cast, tmp_path: Path) -> None:
    audit = _drawn(cast, "lottery 2026-03-20: 7 19 23")
    code = re.search(r"```python verifier\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert code is not None, "docs/loyalty.md has the verifier"
    assert len(code.group(1).strip().splitlines()) <= 20
    script, published = tmp_path / "verify.py", tmp_path / "audit.json"
    script.write_text(code.group(1))
    published.write_text(json.dumps(audit))
    done = subprocess.run(  # noqa: S603 - the documented script
        [sys.executable, str(script), str(published)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"ok": True, "winners": audit["winners"]}
    published.write_text(json.dumps({**audit, "public_value": "another number"}))
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(script), str(published)], capture_output=True, text=True, check=False
    )
    assert json.loads(done.stdout)["ok"] is False
