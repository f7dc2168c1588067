"""`make test` itself: an unreachable PostgreSQL fails CI and is skipped loudly elsewhere."""

import os
import subprocess
import sys

import pytest

# A port nothing listens on: connecting is refused at once.
UNREACHABLE = "postgresql://postgres@127.0.0.1:9/test"
ONE_FAST_TEST = ["hamdel/people/tests/test_identities.py", "-k", "handles", "-q"]


def _run_runner(ci: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CI": ci, "HAMDEL_TEST_DATABASE_URL": UNREACHABLE}
    env.pop("HAMDEL_DATABASE_URL", None)
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "hamdel.test_runner", *ONE_FAST_TEST],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(("ci", "code"), [("true", 1), ("", 0)])
def test_an_unreachable_postgresql_fails_ci_and_is_skipped_loudly_elsewhere(
    ci: str, code: int
) -> None:
    result = _run_runner(ci)
    assert result.returncode == code, result.stdout + result.stderr
    if ci:
        assert (
            "PostgreSQL at postgresql://postgres@127.0.0.1:9/test is unreachable in CI"
            in result.stdout
        )
    else:
        assert "SKIPPED the PostgreSQL pass" in result.stdout
    assert "hamdel: 1 passed" in result.stdout
