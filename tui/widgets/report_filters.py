"""The report's filter bar: which accounts, which UTC days.

It owns the filter state and turns it into a ``report.filters.ReportFilter`` (presets
are resolved against an injected "today", never the system clock), posting ``Changed``
when a valid filter is chosen and ``Invalid`` with a message when a custom range is
wrong. A custom range is applied with Enter, not on every keystroke: half-typed dates
are not worth a reload.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Select

from report.filters import RangePreset, ReportFilter, preset_filter

ALL_ACCOUNTS = "all"
DEFAULT_PRESET = RangePreset.LAST_30_DAYS
CYCLED_PRESETS: tuple[RangePreset, ...] = (
    RangePreset.LAST_7_DAYS,
    RangePreset.LAST_30_DAYS,
    RangePreset.LAST_90_DAYS,
    RangePreset.ALL,
)
DATE_HINT = "YYYY-MM-DD"


@dataclass(frozen=True)
class AccountChoice:
    """An account the selector offers."""

    account_id: int
    name: str
    currency: str

    @property
    def label(self) -> str:
        return f"{self.name} ({self.currency})"


def parse_day(text: str, which: str) -> date:
    """A strict ISO day, or ValueError with a message fit for the screen."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{which} date: use {DATE_HINT}") from None


def custom_filter(
    account_ids: frozenset[int] | None, start_text: str, end_text: str
) -> ReportFilter:
    """The filter of a custom range typed by the user (ValueError says what is wrong)."""
    start = parse_day(start_text, "Start")
    end = parse_day(end_text, "End")
    if start > end:
        raise ValueError("The start date is after the end date")
    return ReportFilter(account_ids, start, end)


class FilterBar(Horizontal):
    """Account selector, range preset selector and (for "Custom") two date inputs."""

    DEFAULT_CSS = """
    FilterBar {
        height: 1;
        width: 1fr;
        Label { width: auto; padding: 0 1 0 0; color: $text-muted; }
        Select { width: 1fr; max-width: 44; margin-right: 2; }
        #range { width: 16; }
        #custom { width: auto; height: 1; display: none; }
        #custom Input { width: 12; }
        #custom Label { padding: 0 1; }
    }
    FilterBar.-custom #custom { display: block; }
    """

    @dataclass
    class Changed(Message):
        """A new, valid filter was chosen."""

        filter_bar: FilterBar
        filter: ReportFilter

        @property
        def control(self) -> FilterBar:
            return self.filter_bar

    @dataclass
    class Invalid(Message):
        """The custom range cannot be used; ``message`` says why."""

        filter_bar: FilterBar
        message: str

        @property
        def control(self) -> FilterBar:
            return self.filter_bar

    def __init__(self, today: Callable[[], date], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._today = today
        self._accounts: tuple[AccountChoice, ...] = ()
        self._preset = DEFAULT_PRESET
        self._filter = preset_filter(DEFAULT_PRESET, today())

    def compose(self) -> ComposeResult:
        yield Label("Account")
        yield Select[str](
            [("All accounts", ALL_ACCOUNTS)],
            value=ALL_ACCOUNTS,
            allow_blank=False,
            compact=True,
            id="account",
        )
        yield Label("Range")
        yield Select[str](
            [(preset.label, preset.value) for preset in RangePreset],
            value=DEFAULT_PRESET.value,
            allow_blank=False,
            compact=True,
            id="range",
        )
        with Horizontal(id="custom"):
            yield Input(placeholder=DATE_HINT, max_length=10, compact=True, id="start")
            yield Label("→")
            yield Input(placeholder=DATE_HINT, max_length=10, compact=True, id="end")

    @property
    def filter(self) -> ReportFilter:
        """The filter in force (the last valid one)."""
        return self._filter

    @property
    def preset(self) -> RangePreset:
        return self._preset

    @property
    def account_ids(self) -> frozenset[int] | None:
        value = self.query_one("#account", Select).value
        return None if value == ALL_ACCOUNTS else frozenset({int(str(value))})

    def set_accounts(self, accounts: Sequence[AccountChoice]) -> None:
        """Offer ``accounts``; the selection is kept while its account still exists."""
        choices = tuple(accounts)
        if choices == self._accounts:
            return
        self._accounts = choices
        select = self.query_one("#account", Select)
        current = select.value
        options = [("All accounts", ALL_ACCOUNTS)] + [
            (choice.label, str(choice.account_id)) for choice in choices
        ]
        with self.prevent(Select.Changed):
            select.set_options(options)
            kept = any(value == current for _, value in options)
            select.value = current if kept else ALL_ACCOUNTS

    def cycle_range(self) -> None:
        """Move to the next of 7 / 30 / 90 days / all time (from custom: 7 days)."""
        position = CYCLED_PRESETS.index(self._preset) if self._preset in CYCLED_PRESETS else -1
        self.query_one("#range", Select).value = CYCLED_PRESETS[(position + 1) % 4].value

    def show_everything(self) -> None:
        """All accounts, all time: the widest filter (used to reveal a campaign)."""
        with self.prevent(Select.Changed):
            self.query_one("#account", Select).value = ALL_ACCOUNTS
            self.query_one("#range", Select).value = RangePreset.ALL.value
        self._preset = RangePreset.ALL
        self.set_class(False, "-custom")
        self._apply(preset_filter(RangePreset.ALL, self._today()))

    def focus_accounts(self) -> None:
        self.query_one("#account", Select).focus()

    @on(Select.Changed, "#account")
    def _account_changed(self) -> None:
        if self._preset is RangePreset.CUSTOM:
            self._apply_custom()
        else:
            self._apply(preset_filter(self._preset, self._today(), self.account_ids))

    @on(Select.Changed, "#range")
    def _range_changed(self, event: Select.Changed) -> None:
        self._preset = RangePreset(str(event.value))
        custom = self._preset is RangePreset.CUSTOM
        self.set_class(custom, "-custom")
        if not custom:
            self._apply(preset_filter(self._preset, self._today(), self.account_ids))
            return
        start, end = self.query_one("#start", Input), self.query_one("#end", Input)
        if not start.value and not end.value:
            first, last = self._filter.start, self._filter.end
            start.value = first.isoformat() if first else ""
            end.value = last.isoformat() if last else ""
        # After the select's overlay closes, focus returns to the select: move on later.
        self.call_after_refresh(start.focus)

    @on(Input.Submitted, "#custom Input")
    def _custom_submitted(self) -> None:
        self._apply_custom()

    def _apply_custom(self) -> None:
        start = self.query_one("#start", Input).value
        end = self.query_one("#end", Input).value
        try:
            flt = custom_filter(self.account_ids, start, end)
        except ValueError as error:
            self.post_message(self.Invalid(self, str(error)))
            return
        self._apply(flt)

    def _apply(self, flt: ReportFilter) -> None:
        self._filter = flt
        self.post_message(self.Changed(self, flt))
