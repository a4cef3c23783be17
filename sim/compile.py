"""``python -m sim.compile``: build the compiled modules (:mod:`sim.native`)."""
import sys

from .native import main

if __name__ == "__main__":
    sys.exit(main())
