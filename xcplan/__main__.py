"""``python -m xcplan``."""

from xcplan.cli.app import main

main()
