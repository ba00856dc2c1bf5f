"""The interview without a screen: the session core the app and the plain line mode share (no Textual)."""
