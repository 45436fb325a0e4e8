"""Reading and writing files: YAML with positions, the canonical writer, atomic writes, config."""
