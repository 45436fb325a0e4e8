"""The journey in time: the walk of scenarios through a plan (format, section 10) and the cost
and reach estimate (section 11). Pure functions of a plan and its config; no UI imports.

Import from the submodules (``xcplan.journey.walk``, ``xcplan.journey.cost``); this package
re-exports nothing, so importing one does not load the other.
"""
