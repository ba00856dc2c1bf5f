"""JSON Schemas for auditor's files, shipped inside the package."""
