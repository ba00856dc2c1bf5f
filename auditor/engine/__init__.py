"""The engine: conditions, records, scoring, proposals and the one assessment every view reads."""
