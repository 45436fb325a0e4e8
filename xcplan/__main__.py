"""``python -m xcplan``."""

from xcplan.cli.launch import main

main()
