"""The settings the test suite runs with (pyproject.toml, [tool.pytest.ini_options]):
Hamdel's own, plus test-only apps that prove a new app registers everything it adds
without editing another app (hamdel/lib/tests/tinyapp, hamdel/lib/tests/quietapp).

Processes the tests start (`hamdel run`, `hamdel worker`) drop DJANGO_SETTINGS_MODULE
and run on hamdel.settings, as operators do.
"""

from hamdel.settings import *  # noqa: F403
from hamdel.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "hamdel.lib.tests.tinyapp", "hamdel.lib.tests.quietapp"]
