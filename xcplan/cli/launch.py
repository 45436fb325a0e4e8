"""The ``xcplan`` console script: the planner at once for a plain ``xcplan edit PLAN``, the
Typer app for everything else.

Opening the planner is what people wait for most: a plain ``xcplan edit [PLAN] [--config
FILE]`` (or ``xcplan PLAN.yaml``) runs it without importing Typer and the command definitions.
Any other command line goes to ``xcplan.cli.app.main``, which parses it and reports its
mistakes, so there is one parser and one set of messages.
"""

from __future__ import annotations

import os
import sys

from xcplan.cli.edit import simple_invocation, with_shorthand
from xcplan.errors import XcplanError


def main() -> None:
    """Run the command line (the ``xcplan`` console script and ``python -m xcplan``)."""
    planner = simple_invocation(with_shorthand(sys.argv[1:]))
    if planner is None:
        from xcplan.cli.app import main as typer_main

        typer_main()
        return
    from xcplan.cli import edit
    from xcplan.cli.output import exit_on_error, exit_on_internal_error

    # As in ``xcplan.cli.app.main``: no pydantic plugins, whose scan costs more than a plan.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        code = edit.run(*planner, read_ahead=True)
    except XcplanError as error:
        exit_on_error(error)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        exit_on_internal_error(error)
    sys.exit(code)
