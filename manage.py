#!/usr/bin/env python
"""Django's command-line utility, printing configuration and connection problems in one line."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    from chumchon.core.startup import run_command_line

    run_command_line(sys.argv)


if __name__ == "__main__":
    main()
