"""For a facilitator's session: the printable worksheet and "what if this happened?" exercises.

Headless: nothing here imports Textual.
"""
