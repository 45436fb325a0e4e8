"""The planner TUI: a Textual app that edits one plan file.

Import ``xcplan.tui.app`` for the app itself (``make_app``); this package's ``__init__`` stays
empty so that the textual-free parts (``document``, ``linting``, ``starter``) can be imported
without loading textual.
"""
