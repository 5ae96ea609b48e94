"""Entry point of the frozen program: the same `kkrdesk` command as the installed package."""

import sys

from kkrdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
