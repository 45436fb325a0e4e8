"""The semantic diff of two versions of a plan: what changed, the way a marketer reads a plan.

``xcplan.diff.compare.diff_plans(old, new, config)`` returns a ``PlanDiff``
(``xcplan.diff.model``): sections of changes, each entity matched by id (a rename found by
content), every field compared by meaning, copy with word diffs, the measurements of each
variant's rendering per persona, and the findings of the lint engine that appeared or went away.
Formats for people and programs are in ``xcplan.diff.formats``. No module here imports textual,
rich or typer.

How it is built:

- ``load``: bytes to a plan model, or one error line (``PlanNotLoaded``).
- ``match``: entities of one kind paired by id; renames found among the unpaired.
- ``pair``: ``Pair``, the two plans with every kind matched (references of the old plan put in the
  new plan's names), and the findings that moved, linting only the touchpoints that changed.
- ``fields``: comparing fields and saying what changed; ``words``: word diffs.
- ``sections``: one comparer per section, ``COMPARERS`` in display order.
- ``formats``: text (terminal), Markdown (pull requests), JSON, and the text git's ``textconv``
  reads; ``visible``: plan text made safe for terminals.

- ``walks``: the scenarios of both plans walked in time (section 10), each message whose fate moved.

Adding a section: write a comparer, a function ``(Pair) -> Section``, in ``sections`` or a module
of its own (as ``walks``), and put it in ``COMPARERS`` where it should show. It computes what it
needs from ``pair.old``, ``pair.new`` and ``pair.config``, pairs entities through the ``Pair``'s
matched kinds and names old entities in the new plan's names with ``pair.renames``. Its changes
use the same ``Change``/``FieldChange`` objects, so the formatters and the JSON shape need
nothing new; a test holds every section's output to the golden files in ``tests/golden/diff/``.
"""
