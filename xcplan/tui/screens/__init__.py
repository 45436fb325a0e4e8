"""The planner's screens: the plan editor, the start screens and the list of keys."""
