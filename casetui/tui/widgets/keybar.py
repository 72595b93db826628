"""The key line at the bottom of a screen: the few keys that matter here (`show=True`
bindings), `?` for all of them. Click a key to press it.

Why not Textual's `Footer`: it rebuilds one widget per key whenever the active bindings
change, which happens every time a form closes. On a 2-core machine that was ~170 ms of
the ~210 ms it took to get back to the case after saving a call. This is one line of
`Content`, redrawn only when it changes. Descriptions are ours (no user text).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Static


class KeyBar(Static):
    """Key hints from the active bindings of the screen it is on.

    The shown bindings (`show=True`) come in the order they are declared, which is their
    priority: on a narrow terminal the later ones are left out whole (never cut in half),
    while help and the palette always stay at the end. A screen may change or hide a
    hint by defining `key_hint(action, description) -> str | None` (a closed case offers
    "Reopen" instead of "Close", and no call or snooze at all).
    """

    def __init__(self) -> None:
        super().__init__(classes="key-bar")
        self._shown: Content | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        content = self.hints(screen, self.size.width)
        # Content's `==` compares the text only: a key that was dimmed and is now enabled
        # has the same text, so the styles are compared too.
        shown = self._shown
        if shown is None or (content.plain, content.spans) != (shown.plain, shown.spans):
            self._shown = content
            self.update(content)

    def hints(self, screen: Screen[object], width: int = 0) -> Content:
        """The hints that fit in `width` cells (0: all of them)."""
        parts: list[Content] = []
        last: list[Content] = []  # quit and help go at the end, where people look for them
        seen: set[str] = set()
        palette: Binding | None = None
        describe = getattr(screen, "key_hint", None)
        for active in screen.active_bindings.values():
            binding = active.binding
            if binding.action in ("command_palette", "app.command_palette"):
                palette = binding
            if not binding.show or binding.system or binding.action in seen:
                continue
            seen.add(binding.action)
            description = binding.description
            if describe is not None:
                description = describe(binding.action, description)
                if description is None:
                    continue
            hint = self._hint(binding, enabled=active.enabled, description=description)
            (last if binding.action in ("quit", "toggle_help") else parts).append(hint)
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            last.append(self._hint(palette, enabled=True, description="Palette"))
        if width > 0:
            room = width - 1 - sum(hint.cell_length + 2 for hint in last)
            fitting = []
            for hint in parts:
                room -= hint.cell_length + 2
                if room < 0:
                    break
                fitting.append(hint)
            parts = fitting
        return Content(" ").join([Content(""), Content("  ").join(parts + last)])

    def _hint(self, binding: Binding, *, enabled: bool, description: str = "") -> Content:
        key = self.app.get_key_display(binding)
        first_key = binding.key.split(",")[0].strip()
        text = Content.assemble(
            (key, "bold $text-accent" if enabled else "dim"),
            (" " + (description or binding.description), "" if enabled else "dim"),
        )
        if enabled:
            text = text.stylize(Style.from_meta({"@click": f"app.simulate_key({first_key!r})"}))
        return text
