"""Modal dialogs: a yes/no question and an error explained in words.

Both are small, centred and keyboard-first (``y``/``n``/``escape``, ``enter`` on the
focused button) and both work with the mouse. The error dialog is the last line of
defence of :meth:`tui.app.LiAdsApp.on_worker_state_changed`: an unexpected failure
becomes a sentence and a pointer to the log file, never a traceback on screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmDialog(ModalScreen[bool]):
    """Ask one question; dismisses with True for yes, False for no or escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="dialog-yes"),
        Binding("n,escape", "answer(False)", "No", id="dialog-no"),
    ]

    def __init__(self, title: str, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(classes="dialog-screen")
        self._title = title
        self._question = question
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = self._title
            yield Static(self._question, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._yes, id="yes", variant="warning")
                yield Button(self._no, id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ErrorDialog(ModalScreen[None]):
    """An error in words: what happened, and what to do next."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", id="dialog-close"),
    ]

    def __init__(self, title: str, message: str, hint: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self._title = title
        self._message = message
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -error") as dialog:
            dialog.border_title = self._title
            yield Static(self._message, classes="dialog-text", markup=False)
            if self._hint:
                yield Static(self._hint, classes="dialog-hint", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)
