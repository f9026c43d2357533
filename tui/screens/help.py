"""The help screen (``?``): every key of the screen underneath and of the whole app.

The keys are read from the live bindings of the screen the help was opened on
(:attr:`textual.screen.Screen.active_bindings`), grouped by where they are defined
(the app, that screen, the focused list), so a screen's own keys appear without
this module knowing them, the report screen's included. Below them: the mouse, and
what to expect over SSH (links, clipboard, pasting the login address).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from textual import events
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

_EVERYWHERE = "Everywhere"
_EXTRA_GLOBAL_KEYS: tuple[tuple[str, str], ...] = (
    ("^p", "Command palette: every action, and “jump to campaign …”"),
    ("tab", "Next part of the screen (shift+tab: previous)"),
    ("↑ ↓ pgup pgdn", "Scroll, or move in a list"),
)
_GENERIC_ACTIONS = {
    "app.focus_next",
    "app.focus_previous",
    "screen.copy_text",
    "app.command_palette",
    "command_palette",
}
_MOUSE = (
    "Click the screen names at the top to switch, buttons to press them, rows to "
    "select them; the wheel scrolls. Drag to select text and press ^c to copy it "
    "(on the sync and auth screens ^c cancels instead; hold Shift, or Option in iTerm2, "
    "to let the terminal select)."
)
_SSH = (
    "Links (the login address) are clickable in terminals that support them, and the "
    "address is also copied to your own computer's clipboard where the terminal allows "
    "it (OSC 52; in tmux: set -g set-clipboard on). No browser is opened on a remote "
    "machine: sign in on your computer, then paste the address the browser ends on into "
    "the auth screen."
)


class HelpScreen(ModalScreen[None]):
    """Keys for the screen underneath and everywhere, the mouse, and SSH tips."""

    CSS_PATH = "help.tcss"
    BINDING_GROUP_TITLE = "Help"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close help", id="help-close"),
        Binding("j", "scroll_down", "Down", show=False, id="help-down"),
        Binding("k", "scroll_up", "Up", show=False, id="help-up"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__(id="help-screen")
        self._under_title = _screen_title(under)
        #: ``[(title, [(key, what it does), ...]), ...]`` as shown.
        self.groups = _group_bindings(under.active_bindings.values(), under)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog") as dialog:
            dialog.border_title = f"Help · {self._under_title}"
            dialog.border_subtitle = "escape or a click outside closes"
            with VerticalScroll(id="help-body"):
                for title, rows in self.groups:
                    yield Static(title, classes="help-heading")
                    yield Static(_key_table(rows), classes="help-keys")
                yield Static("Mouse", classes="help-heading")
                yield Static(_MOUSE, classes="help-text")
                yield Static("Over SSH", classes="help-heading")
                yield Static(_SSH, classes="help-text")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_up()

    def on_click(self, event: events.Click) -> None:
        """A click on the dimmed screen around the panel closes the help."""
        if event.widget is self:
            self.dismiss(None)


def _screen_title(screen: Screen[object]) -> str:
    title = screen.BINDING_GROUP_TITLE or type(screen).__name__.removesuffix("Screen")
    return title.removesuffix(" screen").capitalize()


def _group_bindings(
    bindings: Iterable[ActiveBinding], under: Screen[object]
) -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(group title, [(key, what it does), ...]), ...]``: the screen's own keys
    first, then those of the focused list or field, then every key of the app (all of
    them, also those hidden on this screen), the palette and focus keys added.
    Textual's generic keys (scrolling, focus, copy) are summed up in one line each."""
    app = under.app
    groups: dict[str, list[tuple[str, str]]] = {}
    order: dict[str, int] = {}

    def add(title: str, rank: int, binding: Binding) -> None:
        text = binding.description
        if binding.tooltip and binding.tooltip != text:
            text = f"{text}: {binding.tooltip}" if text else binding.tooltip
        if binding.system or binding.action in _GENERIC_ACTIONS or not text:
            return
        key = app.get_key_display(binding)
        rows = groups.setdefault(title, [])
        order[title] = rank
        for index, (keys, what) in enumerate(rows):
            if what == text:  # one action on several keys: one row
                rows[index] = (f"{keys} / {key}", what)
                return
        rows.append((key, text))

    # The screen's keys all, also those unavailable right now (^c while no sync runs).
    for binding in Binding.make_bindings(type(under).BINDINGS):
        add(f"{_screen_title(under)} screen", 0, binding)
    for node, binding, _enabled, _tooltip in bindings:
        group = _group_of(node, under)
        if group is not None:
            add(*group, binding)
    for binding in Binding.make_bindings(type(app).BINDINGS):
        add(_EVERYWHERE, 9, binding)
    groups.setdefault(_EVERYWHERE, []).extend(_EXTRA_GLOBAL_KEYS)
    order[_EVERYWHERE] = 9
    return sorted(groups.items(), key=lambda item: order[item[0]])


def _group_of(node: DOMNode, under: Screen[object]) -> tuple[str, int] | None:
    """The group title of bindings defined on `node`; None for Textual's own widgets
    that set no group title (their keys are the generic ones)."""
    if node is under.app or node is under:
        return None  # all of their keys are listed, not only the active ones
    if node.BINDING_GROUP_TITLE:
        return node.BINDING_GROUP_TITLE, 5
    return None


def _key_table(rows: list[tuple[str, str]]) -> Table:
    """Keys in a column, what they do next to them (wrapped under itself)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column()
    for key, text in rows:
        table.add_row(key, text)
    return table
