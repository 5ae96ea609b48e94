import sys

from kkrdesk.cli import main

sys.exit(main())
