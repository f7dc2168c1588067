"""`make test`: the whole suite on SQLite, then again on PostgreSQL.

PostgreSQL comes from HAMDEL_TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test).
With CI=true an unreachable PostgreSQL fails the run; elsewhere that pass is skipped
loudly. Browser tests run once, on the SQLite pass. Extra arguments go to pytest.
"""

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET  # noqa: S405 - parses pytest's own report, not untrusted input
from pathlib import Path

import psycopg

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def _postgres_reachable(url: str) -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        with psycopg.connect(url, connect_timeout=5) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        return str(error).strip()
    return None


def _run(
    name: str, env: dict[str, str], args: list[str], report: Path
) -> tuple[int, int, int, int]:
    print(f"\n===== {name} =====", flush=True)
    command = [sys.executable, "-m", "pytest", f"--junitxml={report}", *args]
    code = subprocess.call(command, env=env)  # noqa: S603 - our own interpreter and arguments
    if not report.exists():
        return code, 0, 1, 0
    suite = ET.parse(report).getroot()  # noqa: S314 - pytest's own report
    suite = suite if suite.tag == "testsuite" else suite[0]
    total = int(suite.get("tests", 0))
    failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    skipped = int(suite.get("skipped", 0))
    return code, total - failed - skipped, failed, skipped


def main() -> int:
    args = sys.argv[1:]
    in_ci = os.environ.get("CI", "").lower() == "true"
    postgres = os.environ.get("HAMDEL_TEST_DATABASE_URL", DEFAULT_POSTGRES)
    results = []
    with tempfile.TemporaryDirectory(prefix="hamdel-test-") as home:
        base = {**os.environ, "HAMDEL_HOME": home}
        base.pop("HAMDEL_DATABASE_URL", None)
        results.append(_run("SQLite", base, args, Path(home) / "sqlite.xml"))
        reason = _postgres_reachable(postgres)
        if reason is None:
            env = {**base, "HAMDEL_DATABASE_URL": postgres}
            pg_args = ["-m", "not browser", *args]
            results.append(_run("PostgreSQL", env, pg_args, Path(home) / "postgres.xml"))
        elif in_ci:
            print(f"\nFAILED: PostgreSQL at {postgres} is unreachable in CI: {reason}", flush=True)
            results.append((1, 0, 1, 0))
        else:
            banner = "!" * 72
            print(f"\n{banner}\nSKIPPED the PostgreSQL pass: {postgres} is unreachable.")
            print(f"{reason}\n{banner}")
    passed = sum(r[1] for r in results)
    failed = sum(r[2] for r in results)
    skipped = sum(r[3] for r in results)
    worst = max(code for code, *_ in results)
    print(f"\nhamdel: {passed} passed, {failed} failed, {skipped} skipped", flush=True)
    return 1 if failed or worst not in (0, 5) or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
