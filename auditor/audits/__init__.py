"""The audit file: its model, private storage, evaluation cycles and the diff between them."""
