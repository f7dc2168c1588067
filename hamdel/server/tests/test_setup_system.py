"""server/setup_system.py: `make test` installs the system packages it needs, or names them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hamdel.server import setup_system
from hamdel.server.setup_system import PACKAGES

SCRIPT = Path(setup_system.__file__)
ALL_NAMES = " ".join(package.name for package in PACKAGES)


def _run(root: Path, path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(SCRIPT), "--root", str(root), *flags],
        env={**os.environ, "PATH": str(path)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _install_everything(root: Path) -> None:
    for package in PACKAGES:
        file = root / package.files[0].replace("**/", "").replace("*", "Regular.ttf")
        file.parent.mkdir(parents=True, exist_ok=True)
        file.touch()


def test_missing_packages_without_apt_get_stop_at_once_with_one_line_naming_them(
    tmp_path: Path,
) -> None:
    no_tools = tmp_path / "bin"
    no_tools.mkdir()

    result = _run(tmp_path / "fresh-machine", no_tools)

    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("hamdel: missing system packages: make (")
    assert lines[0].endswith(f"Install them as root: apt-get install {ALL_NAMES}")
    assert "chromium (the browser tests)" in lines[0]


def test_only_the_missing_packages_are_named(tmp_path: Path) -> None:
    _install_everything(tmp_path)
    (tmp_path / "usr/bin/chromium").unlink()

    result = _run(tmp_path, tmp_path / "no-such-dir", "--no-install")

    assert result.returncode == 1
    assert result.stderr.strip().endswith("apt-get install chromium")


def test_nothing_missing_needs_nothing_and_says_nothing(tmp_path: Path) -> None:
    _install_everything(tmp_path)

    result = _run(tmp_path, tmp_path / "no-such-dir")

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_someone_other_than_root_is_never_offered_apt_get() -> None:
    assert setup_system.installer(is_root=False, apt_get="/usr/bin/apt-get") is None
    assert setup_system.installer(is_root=True, apt_get="/usr/bin/apt-get") == "/usr/bin/apt-get"
    assert setup_system.installer(is_root=True, apt_get=None) is None


@pytest.mark.skipif(os.geteuid() != 0, reason="installing is only tried as root")
def test_as_root_it_updates_once_then_installs_every_missing_package_in_one_call(
    tmp_path: Path,
) -> None:
    # A stand-in for apt-get (the outside world) that records its arguments and installs
    # nothing, so the script must also say the packages are still missing.
    tools = tmp_path / "bin"
    tools.mkdir()
    log = tmp_path / "apt.log"
    fake = tools / "apt-get"
    fake.write_text(f'#!/bin/sh\necho "$DEBIAN_FRONTEND $*" >> {log}\n')
    fake.chmod(0o755)

    result = _run(tmp_path / "fresh-machine", tools)

    assert log.read_text().splitlines() == [
        "noninteractive update -qq",
        f"noninteractive install -y -qq {ALL_NAMES}",
    ]
    assert result.stdout == f"hamdel: installing {ALL_NAMES} with apt-get\n"
    assert result.returncode == 1
    assert "apt-get ran, but files are still missing" in result.stderr
    assert len(result.stderr.splitlines()) == 1
