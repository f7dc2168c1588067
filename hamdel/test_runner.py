"""`make test`: the whole suite on SQLite and again on PostgreSQL, the two passes at once.

Each pass has its own HAMDEL_HOME (its SQLite files, Huey queue, secret key); the
PostgreSQL pass writes to a log that is printed when it ends, so the SQLite pass's output
stays readable; HAMDEL_TEST_SERIAL=1 runs them one after the other instead.
PostgreSQL comes from HAMDEL_TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test).
With CI=true an unreachable PostgreSQL fails the run; elsewhere that pass is skipped
loudly. Browser tests and the authorization matrix run once, on the SQLite pass. Extra
arguments go to pytest.
"""

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET  # noqa: S405 - parses pytest's own report, not untrusted input
from pathlib import Path
from typing import Any

import psycopg

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
MATRIX = "hamdel/security/tests/test_authorization_matrix.py"


def _postgres_reachable(url: str) -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        with psycopg.connect(url, connect_timeout=5) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        return str(error).strip()
    return None


Result = tuple[int, int, int, int]  # exit code, passed, failed, skipped


def _start(env: dict[str, str], args: list[str], report: Path, log: Path | None) -> Any:
    command = [sys.executable, "-m", "pytest", f"--junitxml={report}", *args]
    output = log.open("wb") if log is not None else None
    errors = subprocess.STDOUT if output else None
    return subprocess.Popen(command, env=env, stdout=output, stderr=errors)  # noqa: S603 - ours


def _result(code: int, report: Path) -> Result:
    if not report.exists():
        return code, 0, 1, 0
    suite = ET.parse(report).getroot()  # noqa: S314 - pytest's own report
    suite = suite if suite.tag == "testsuite" else suite[0]
    total = int(suite.get("tests", 0))
    failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    skipped = int(suite.get("skipped", 0))
    return code, total - failed - skipped, failed, skipped


def _pass_home(root: str, name: str) -> str:
    home = Path(root) / name
    home.mkdir()
    return str(home)


def main() -> int:
    args = sys.argv[1:]
    in_ci = os.environ.get("CI", "").lower() == "true"
    serial = os.environ.get("HAMDEL_TEST_SERIAL", "") == "1"
    postgres = os.environ.get("HAMDEL_TEST_DATABASE_URL", DEFAULT_POSTGRES)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="hamdel-test-") as root:
        base = {**os.environ}
        base.pop("HAMDEL_DATABASE_URL", None)
        sqlite_env = {**base, "HAMDEL_HOME": _pass_home(root, "sqlite")}
        sqlite_report = Path(root) / "sqlite.xml"
        reason = _postgres_reachable(postgres)
        postgres_run = None
        if reason is None:
            env = {**base, "HAMDEL_HOME": _pass_home(root, "postgres")}
            env["HAMDEL_DATABASE_URL"] = postgres
            postgres_report = Path(root) / "postgres.xml"
            postgres_log = Path(root) / "postgres.log"
            # Browser tests and the authorization matrix run once, on SQLite: the role gates
            # the matrix tries (about 2,000 requests) are Python, the same on either
            # database, and running them twice cost CI eight minutes.
            pg_args = ["-m", "not browser", f"--ignore={MATRIX}", *args]
            if not serial:
                print("\n===== PostgreSQL (running beside SQLite; its output follows) =====")
                postgres_run = _start(env, pg_args, postgres_report, postgres_log)
        print("\n===== SQLite =====", flush=True)
        sqlite_run = _start(sqlite_env, args, sqlite_report, None)
        results.append(_result(sqlite_run.wait(), sqlite_report))
        if reason is None:
            print("\n===== PostgreSQL =====", flush=True)
            if postgres_run is None:
                postgres_run = _start(env, pg_args, postgres_report, None)
                code = postgres_run.wait()
            else:
                code = postgres_run.wait()
                sys.stdout.write(postgres_log.read_text(errors="replace"))
            results.append(_result(code, postgres_report))
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
