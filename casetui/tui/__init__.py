"""The terminal app: `casetui.tui.app.run` and `make_app`; forms in `casetui.tui.forms`."""
