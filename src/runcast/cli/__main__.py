"""``python -m runcast.cli``: the ``runcast`` command."""

from runcast.cli import main

raise SystemExit(main())
