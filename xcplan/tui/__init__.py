"""The planner TUI: a Textual app that edits one plan file.

Import ``xcplan.tui.app`` for the app itself (``make_app``). What editing a plan means (the
edits, the document with undo and saving, the field codec, the preview model, linting as the
plan changes) is in ``xcplan.edit``, which imports no textual; this package draws it and asks
for the edits.
"""
