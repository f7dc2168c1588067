"""Account secrets are sealed, read back only with the same key, or read from the
environment when written env:NAME."""

import pytest
from pytest_django.fixtures import Settings

from hamdel.messaging import secrets


def test_a_sealed_secret_reads_back_and_does_not_show_in_the_stored_text() -> None:
    sealed = secrets.seal({"bot_token": "123:SECRET", "empty": ""})
    assert "123:SECRET" not in sealed
    assert secrets.unseal(sealed) == {"bot_token": "123:SECRET"}


def test_under_another_key_a_sealed_secret_reads_as_never_entered(settings: Settings) -> None:
    sealed = secrets.seal({"bot_token": "123:SECRET"})
    settings.SECRET_KEY = "another key entirely"
    assert secrets.unseal(sealed) == {}


def test_an_env_reference_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HI_TOKEN", "from-the-environment")
    assert secrets.resolve("env:HI_TOKEN") == "from-the-environment"
    assert secrets.resolve("env:HI_MISSING") == ""
    assert secrets.resolve("plain") == "plain"


def test_comparison_refuses_empty_values() -> None:
    assert not secrets.same("", "")
    assert secrets.same("abc", "abc")
    assert not secrets.same("abc", "abd")
