from collections.abc import Iterator

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def _fresh_channel_layer(settings: Settings) -> None:
    """A new in-memory layer per test (changing the setting resets Django Channels' cache)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def jobs_run_at_once() -> Iterator[None]:
    """Huey runs each job when it is enqueued, as the consumer of `hamdel run` would soon after."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield
    HUEY.immediate = False
