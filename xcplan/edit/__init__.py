"""What editing a plan means, without a user interface.

The planner (``xcplan.tui``) and any other front end build on these modules; none of them
imports textual, rich or typer (a test proves it, module by module):

- ``entities``: checking one entity's data (a persona, a KPI, a variant...) with the linter's
  messages, and the errors an edit is refused with;
- ``campaign``, ``personas``, ``journey``, ``touchpoints``: the edits themselves, pure
  functions from a plan to a new plan (``Edit``), with what removing something takes with it
  (``impact``);
- ``document``: one plan open for editing, with its file, undo and redo, and saving;
- ``fields`` and ``forms``: one codec for every field of every form (text in a field to a
  value and back) and the fields of each entity, with help taken from the model's
  descriptions;
- ``brand``: the brand voice settings of ``xcplan.toml`` as the Brand voice tab edits them;
- ``preview``: what a variant looks like for a persona, measured, with its findings;
- ``cost``: what the plan will cost as the planner shows it: the touchpoint being written, live,
  and the campaign against its budget (views of the estimate of ``xcplan.journey.cost``);
- ``linting``: linting a plan again after each edit, re-running only what the edit changed,
  and ``report``: what a lint found, counted, with the journey cells it marks; ``stored``: the
  first lint of a file kept in the cache, and ``ahead``: the plan read and linted in a second
  process while the planner starts;
- ``jump``: where in the editor a diagnostic's place is;
- ``starter``: new plans, from a campaign template or empty.

Import the submodules; this package re-exports nothing, so importing one loads only what it
needs.
"""
