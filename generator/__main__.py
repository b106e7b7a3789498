"""`python -m generator` runs the readinglist command."""

import sys

from .cli import main

sys.exit(main())
