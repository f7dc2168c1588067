from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation
from pytest_django.fixtures import Settings

from hamdel.people.models import Organisation
from hamdel.test import Cast, make_cast


@pytest.fixture(autouse=True)
def _fast_test_settings(tmp_path: Path, settings: Settings) -> None:
    """Attachments written by a test go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Argon2 is deliberately slow; personas are made in almost every test. The hasher
    # itself is exercised by the login tests, which restore the production setting.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test has its own database state; a settings row cached by an earlier one is stale.
    Organisation.forget_loaded()


@pytest.fixture(autouse=True)
def _english_unless_asked() -> Iterator[None]:
    """Each test starts in English, whatever language a page in an earlier test activated."""
    with translation.override("en"):
        yield


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()
