from collections.abc import Iterator

import pytest

from hamdel.conduct import actions
from hamdel.conduct.models import Policy


@pytest.fixture(autouse=True)
def _forget_conduct_caches() -> Iterator[None]:
    """Each test has its own database state: a policy or extra terms cached by an earlier
    (rolled back) test must not stand in for it."""
    Policy.forget_loaded()
    actions.forget_lexicon()
    yield
    Policy.forget_loaded()
    actions.forget_lexicon()
