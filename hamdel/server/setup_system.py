"""The Debian packages the tests need, installed when missing: `make test` and `.ci/run` call it.

Run with any python3 (the standard library only, so it works before `.venv` exists):

    python3 hamdel/server/setup_system.py

Each package is looked for by a file it installs. When some are missing and we run as root
with apt-get, they are installed (`apt-get update` once, then one `apt-get install`);
otherwise the script stops at once with one line naming the packages to install. To need
another system package, add one `Package` to `PACKAGES`.
"""

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Package:
    name: str  # the Debian package
    why: str
    # Any of these paths (relative to the root, glob patterns allowed) shows it is installed.
    files: tuple[str, ...]


PACKAGES = (
    Package("make", "runs make test, lint and bench", ("usr/bin/make", "usr/local/bin/make")),
    # The browser tests drive exactly this binary (never `playwright install`).
    Package("chromium", "the browser tests", ("usr/bin/chromium",)),
    # Persian and Arabic glyphs, so screenshots and layout checks render real text.
    Package(
        "fonts-noto-core",
        "Persian text in the browser tests",
        ("usr/share/fonts/**/NotoSansArabic-*", "usr/share/fonts/**/Vazir*"),
    ),
    # The email tests talk to a real IMAP server (docs/development.md).
    Package("dovecot-imapd", "the email tests' IMAP server", ("usr/lib/dovecot/imap",)),
)


def is_installed(package: Package, root: Path) -> bool:
    return any(next(root.glob(pattern), None) is not None for pattern in package.files)


def missing_packages(root: Path, packages: Sequence[Package] = PACKAGES) -> list[Package]:
    return [package for package in packages if not is_installed(package, root)]


def installer(is_root: bool, apt_get: str | None) -> str | None:
    """apt-get's path when we may install with it: as root, where apt-get exists."""
    return apt_get if is_root else None


def refusal(missing: Sequence[Package]) -> str:
    """The one line printed when packages are missing and cannot be installed here."""
    names = " ".join(package.name for package in missing)
    needs = "; ".join(f"{package.name} ({package.why})" for package in missing)
    return (
        f"hamdel: missing system packages: {needs}. Install them as root: apt-get install {names}"
    )


def install(apt_get: str, missing: Sequence[Package]) -> None:
    names = [package.name for package in missing]
    print(f"hamdel: installing {' '.join(names)} with apt-get", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # Our own apt-get and package names, no shell.
    subprocess.run([apt_get, "update", "-qq"], env=env, check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [apt_get, "install", "-y", "-qq", *names], env=env, check=True, stdout=subprocess.DEVNULL
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root", type=Path, default=Path("/"), help="look for the packages' files under ROOT"
    )
    parser.add_argument("--no-install", action="store_true", help="only check; never run apt-get")
    options = parser.parse_args(argv)
    missing = missing_packages(options.root)
    if not missing:
        return 0
    apt_get = None if options.no_install else installer(os.geteuid() == 0, shutil.which("apt-get"))
    if apt_get is None:
        print(refusal(missing), file=sys.stderr, flush=True)
        return 1
    try:
        install(apt_get, missing)
    except subprocess.CalledProcessError as error:
        print(f"hamdel: apt-get failed ({error}). {refusal(missing)}", file=sys.stderr)
        return 1
    still = missing_packages(options.root, missing)
    if still:
        print(
            f"hamdel: apt-get ran, but files are still missing. {refusal(still)}", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
