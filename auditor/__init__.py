"""auditor: what could our tools expose about the people who call us?

The package is a headless core (this package minus ``auditor.tui``) and a thin
Textual app in ``auditor.tui``. The core never imports Textual.
"""

__version__ = "0.1.0"
