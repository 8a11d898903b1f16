"""``python -m sync.ils_sim``: the same as ``kiosk ils-sim``."""

import sys

from sync.ils_sim.cli import main

sys.exit(main())
