from collections.abc import Iterator

import pytest
from pytest_django.fixtures import Settings

from hamdel.chat.models import Widget
from hamdel.chat.tests.helpers import ORIGIN, make_widget
from hamdel.test import Cast


@pytest.fixture(autouse=True)
def _fresh_channel_layer(settings: Settings) -> None:
    """A new in-memory layer per test (changing the setting resets Django Channels' cache)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def widget(cast: Cast) -> Widget:
    return make_widget(cast.support, allowed_origins=[ORIGIN])


@pytest.fixture
def jobs_run_at_once() -> Iterator[None]:
    """Huey runs each job when it is enqueued (deliveries on commit), as `hamdel run` soon would."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield
    HUEY.immediate = False
