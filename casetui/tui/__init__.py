"""The terminal UI (Textual). The core never imports from here."""
