import pytest
from pytest_django.fixtures import Settings

from hamdel.phone.tests.helpers import Pbx
from hamdel.test import Cast


@pytest.fixture(autouse=True)
def _fresh_channel_layer(settings: Settings) -> None:
    """A new in-memory layer per test (changing the setting resets Django Channels' cache)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def pbx(cast: Cast) -> Pbx:
    return Pbx.connect(cast.support, cast.ada.user)
