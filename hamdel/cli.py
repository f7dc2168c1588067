"""The `hamdel` command: Django's management commands under Hamdel's settings.

`hamdel run`, `hamdel token create USERNAME`, `hamdel check --deploy`, ... are
management commands of the apps; this entry point only chooses the settings.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamdel.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hamdel", *sys.argv[1:]])


if __name__ == "__main__":
    main()
