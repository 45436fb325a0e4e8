"""The ``xcplan`` command line (Typer). Each command's work lives in its own module."""
