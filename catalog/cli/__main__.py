"""`python -m catalog.cli`: the same command as the `prompt-or-tune` script."""

import sys

from catalog.cli.commands import main

sys.exit(main())
