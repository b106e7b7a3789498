"""`python -m generator` runs the readinglist command."""

import sys

from generator.commands.cli import main

sys.exit(main())
