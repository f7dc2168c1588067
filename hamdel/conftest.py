from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from hamdel.test import Cast, make_cast


@pytest.fixture(autouse=True)
def _fast_test_settings(tmp_path: Path, settings: Settings) -> None:
    """Attachments written by a test go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Argon2 is deliberately slow; personas are made in almost every test. The hasher
    # itself is exercised by the login tests, which restore the production setting.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()
