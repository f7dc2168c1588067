"""The `hamdel` command as operators use it: real subprocesses, a temporary HAMDEL_HOME."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

HAMDEL = [sys.executable, "-m", "hamdel.cli"]


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "HAMDEL_HOME": str(home), **extra}
    env.pop("HAMDEL_DATABASE_URL", None)  # these run the embedded default, SQLite
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[str], seconds: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if process.poll() is not None:
            raise AssertionError(
                f"hamdel run exited early: {process.stdout.read() if process.stdout else ''}"
            )
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - our loopback server
                if response.status == 200:
                    return time.monotonic() - start
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def _stop(process: subprocess.Popen[str]) -> str:
    process.terminate()
    try:
        output, _ = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output


def test_run_migrates_creates_the_admin_once_loads_demo_data_and_restarts_fast(
    tmp_path: Path,
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/healthz"
    command = [*HAMDEL, "run", "--demo", "--port", str(port)]
    first = subprocess.Popen(  # noqa: S603 - our own command
        command, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    _wait_until_up(url, first, 90)
    output = _stop(first)
    assert f"Hamdel is running at http://127.0.0.1:{port}/" in output
    assert "Created the administrator: user admin, password " in output
    assert (tmp_path / "hamdel.sqlite3").exists()
    assert (tmp_path / "huey.db").exists()

    again = subprocess.Popen(  # noqa: S603
        command, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    startup = _wait_until_up(url, again, 30)
    output = _stop(again)
    assert "Created the administrator" not in output  # the password is printed only once
    # under 5 s on a quiet machine; the two test passes run side by side, hence 20
    assert startup < 20, f"second start took {startup:.1f} s"


def test_token_create_prints_a_token_that_the_api_accepts(tmp_path: Path) -> None:
    env = _env(tmp_path, HAMDEL_ADMIN_PASSWORD="x" * 16)
    subprocess.run([*HAMDEL, "migrate", "-v0"], env=env, check=True)  # noqa: S603
    missing = subprocess.run(  # noqa: S603
        [*HAMDEL, "token", "create", "nobody"], env=env, capture_output=True, text=True
    )
    assert missing.returncode != 0
    assert "No user named 'nobody'" in missing.stderr
    subprocess.run(  # noqa: S603
        [
            *HAMDEL,
            "shell",
            "-c",
            "from hamdel.server.startup import prepare; prepare(demo=False, say=print)",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    created = subprocess.run(  # noqa: S603
        [*HAMDEL, "token", "create", "admin"], env=env, capture_output=True, text=True, check=True
    )
    token = created.stdout.strip()
    assert token.startswith("hmd_")
    assert len(token) > 40


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = _env(
        tmp_path,
        HAMDEL_HTTPS="true",
        HAMDEL_DEBUG="false",
        HAMDEL_SECRET_KEY=secrets.token_urlsafe(50),
        HAMDEL_ALLOWED_HOSTS="help.example.com",
    )
    result = subprocess.run(  # noqa: S603
        [*HAMDEL, "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.parametrize("variable", ["HAMDEL_PORT", "HAMDEL_MAX_ATTACHMENT_MB"])
def test_a_malformed_number_in_the_environment_is_a_clear_error(
    tmp_path: Path, variable: str
) -> None:
    result = subprocess.run(  # noqa: S603
        [*HAMDEL, "check"],
        env=_env(tmp_path, **{variable: "eighty"}),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert f"{variable} must be a whole number, got 'eighty'" in result.stderr
