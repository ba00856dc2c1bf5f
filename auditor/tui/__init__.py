"""The Textual app: a thin layer over the headless core.

Everything the app knows about an audit lives in ``session.Session`` (plain
Python, no Textual). Screens read it, call its methods to change answers, and
listen for ``messages.AuditChanged`` to redraw. Every change is saved at once.
"""
