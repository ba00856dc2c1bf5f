"""Content: loading and validating the YAML (checklists, rulesets, catalog) and its model."""
