from collections.abc import Iterator

import pytest

from hamdel.feedback.models import SurveySettings


@pytest.fixture
def jobs_run_at_once() -> Iterator[None]:
    """Huey runs each job when it is enqueued (the survey on commit, then its delivery)."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield
    HUEY.immediate = False


@pytest.fixture
def no_delay(db: None) -> SurveySettings:
    """The survey goes as soon as the conversation is solved (the default waits 5 minutes)."""
    rules = SurveySettings.load()
    rules.delay_minutes = 0
    rules.save()
    return rules
