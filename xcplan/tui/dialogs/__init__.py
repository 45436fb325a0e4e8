"""The planner's dialogs (modal screens): questions, menus, forms, the persona library, the
export, the file name of a new plan. Each dismisses with its answer; none changes the plan."""
