"""``python -m thdx``: the same command line as ``thdx``."""

from thdx.cli import main

raise SystemExit(main())
