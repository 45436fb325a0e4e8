"""The widgets of the planner: one module per tab, plus the header and form fields."""
