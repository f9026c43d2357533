"""Fault injection: the failures a real LinkedIn (and the network in front of it) produces.

A :class:`FaultPlan` is a list of rules checked on every request, before anything else runs.
It is deterministic: counters are per rule and probabilities come from a seeded generator,
so a test that sends the same requests in the same order sees the same faults. Tests may
replace ``Sandbox.faults`` at any time (None turns injection off).

Textual spec (``li-ads-sandbox --faults SPEC``, :meth:`FaultPlan.parse`)::

    SPEC    := RULE ("," RULE)*
    RULE    := KIND ["=" DURATION] (":" OPTION)*
    KIND    := 429 | 500 | 502 | 503 | 504   a LinkedIn error response with that status
             | html        a text/html 502 page from a "proxy" (not JSON)
             | malformed   200 with a body that is not valid JSON
             | truncate    the real response, cut short: Content-Length promises more, then close
             | drop        close the connection without any response
             | expire      expire the caller's access token now and answer 401 (65602)
             | quota       a daily quota: 429s (no Retry-After) until the clock passes 00:00 UTC
             | slow=D      delay the response by D ("2000ms" or "2s"), then answer normally
    OPTION  := p=F         fire with probability F (0..1)
             | every=N     fire on every Nth matching request
             | burst=N     fire on the next N matching requests, then never again
             | after=N     let N matching requests through, then fire on every one
                           (quota: N requests per UTC day; required for quota)
             | times=N     fire at most N times in total
             | path=P      only requests whose path starts with P (default /rest/)
             | retry-after=S   (429 only) send "Retry-After: S"

Without p/every/burst/after a rule fires on every matching request. Example:
``429:burst=3,500:p=0.05,truncate:every=20,html:p=0.02,slow=2000ms:p=0.1,quota:after=500``.
"""

from __future__ import annotations

import random
import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

STATUS_KINDS = ("429", "500", "502", "503", "504")
KINDS = (*STATUS_KINDS, "html", "malformed", "truncate", "drop", "expire", "quota", "slow")
_TRIGGERS = ("probability", "every", "burst", "after")
_DURATION = re.compile(r"^(\d+)(ms|s)$")
_OPTION_NAMES = {
    "p": "probability",
    "every": "every",
    "burst": "burst",
    "after": "after",
    "times": "times",
    "path": "path",
    "retry-after": "retry_after",
}


class FaultSpecError(ValueError):
    """The --faults text does not follow the grammar (the message says where and why)."""


@dataclass(frozen=True, slots=True)
class FaultRule:
    kind: str
    delay_ms: int = 0  # slow only
    probability: float | None = None
    every: int | None = None
    burst: int | None = None
    after: int | None = None
    times: int | None = None
    path: str = "/rest/"
    retry_after: int | None = None  # 429 only

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise FaultSpecError(f"unknown fault kind {self.kind!r}; use one of {', '.join(KINDS)}")
        triggers = [name for name in _TRIGGERS if getattr(self, name) is not None]
        if len(triggers) > 1:
            raise FaultSpecError("use at most one of p, every, burst, after in a rule")
        if self.kind == "quota" and self.after is None:
            raise FaultSpecError("quota needs after=N (the daily request limit)")
        if self.kind == "slow" and self.delay_ms <= 0:
            raise FaultSpecError("slow needs a duration, e.g. slow=2000ms")
        if self.retry_after is not None and self.kind != "429":
            raise FaultSpecError("retry-after only applies to 429")
        if self.probability is not None and not 0 <= self.probability <= 1:
            raise FaultSpecError("p must be between 0 and 1")
        for name in ("every", "burst", "times"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise FaultSpecError(f"{name} must be at least 1")
        if not self.path.startswith("/"):
            raise FaultSpecError("path must start with /")

    def __str__(self) -> str:
        head = f"slow={self.delay_ms}ms" if self.kind == "slow" else self.kind
        options = [head]
        for spec_name, attribute in _OPTION_NAMES.items():
            value = getattr(self, attribute)
            default = FaultRule.__dataclass_fields__[attribute].default
            if value is not None and value != default:
                options.append(f"{spec_name}={value}")
        return ":".join(options)


@dataclass(frozen=True, slots=True)
class FaultDecision:
    """What to do to one request: wait `delay_seconds`, then inject `rule` (if any)."""

    delay_seconds: float = 0.0
    rule: FaultRule | None = None

    @property
    def kind(self) -> str | None:
        return self.rule.kind if self.rule else None


@dataclass
class _RuleState:
    seen: int = 0
    fired: int = 0
    day: str = ""
    seen_today: int = 0


@dataclass
class FaultPlan:
    """The live set of rules. Thread-safe; `fired` counts injections per kind."""

    rules: Sequence[FaultRule] = ()
    seed: int = 0
    fired: Counter[str] = field(default_factory=Counter)
    _states: list[_RuleState] = field(default_factory=list, repr=False)
    _random: random.Random = field(default_factory=random.Random, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.rules = tuple(self.rules)
        self._states = [_RuleState() for _ in self.rules]
        self._random = random.Random(self.seed)

    @classmethod
    def parse(cls, spec: str, seed: int = 0) -> FaultPlan:
        rules = []
        for position, text in enumerate(filter(None, (p.strip() for p in spec.split(","))), 1):
            try:
                rules.append(_parse_rule(text))
            except FaultSpecError as error:
                raise FaultSpecError(f"fault rule {position} ({text!r}): {error}") from None
        if not rules:
            raise FaultSpecError("the fault spec is empty")
        return cls(rules, seed)

    def __str__(self) -> str:
        return ",".join(str(rule) for rule in self.rules)

    def decide(self, path: str, now: datetime) -> FaultDecision:
        """Advance every matching rule's counters and say what to inject into this request."""
        delay = 0.0
        chosen: FaultRule | None = None
        with self._lock:
            for rule, state in zip(self.rules, self._states, strict=True):
                if not path.startswith(rule.path) or not self._fires(rule, state, now):
                    continue
                if rule.kind == "slow":
                    delay += rule.delay_ms / 1000
                elif chosen is None:
                    chosen = rule
                else:
                    continue
                state.fired += 1
                self.fired[rule.kind] += 1
        return FaultDecision(delay, chosen)

    def _fires(self, rule: FaultRule, state: _RuleState, now: datetime) -> bool:
        state.seen += 1
        if rule.times is not None and state.fired >= rule.times:
            return False
        if rule.kind == "quota":
            day = now.date().isoformat()
            if day != state.day:
                state.day, state.seen_today = day, 0
            state.seen_today += 1
            return state.seen_today > (rule.after or 0)
        if rule.probability is not None:
            return self._random.random() < rule.probability
        if rule.every is not None:
            return state.seen % rule.every == 0
        if rule.burst is not None:
            return state.seen <= rule.burst
        if rule.after is not None:
            return state.seen > rule.after
        return True


def _parse_rule(text: str) -> FaultRule:
    head, *options = text.split(":")
    kind, _sep, argument = head.partition("=")
    delay_ms = 0
    if kind == "slow":
        match = _DURATION.match(argument)
        if match is None:
            raise FaultSpecError("slow needs a duration like slow=2000ms or slow=2s")
        delay_ms = int(match[1]) * (1 if match[2] == "ms" else 1000)
    elif argument:
        raise FaultSpecError(f"{kind} takes no value (only slow=DURATION does)")
    given: dict[str, str] = {}
    for option in options:
        name, sep, raw = option.partition("=")
        if name not in _OPTION_NAMES or not sep or not raw:
            raise FaultSpecError(f"bad option {option!r}; options are {', '.join(_OPTION_NAMES)}")
        if name in given:
            raise FaultSpecError(f"option {name} given twice")
        given[name] = raw
    probability = given.get("p")
    return FaultRule(
        kind,
        delay_ms,
        probability=None if probability is None else _probability(probability),
        every=_count(given, "every"),
        burst=_count(given, "burst"),
        after=_count(given, "after"),
        times=_count(given, "times"),
        path=given.get("path", "/rest/"),
        retry_after=_count(given, "retry-after"),
    )


def _count(given: dict[str, str], name: str) -> int | None:
    raw = given.get(name)
    if raw is None:
        return None
    if not raw.isdigit():
        raise FaultSpecError(f"{name}={raw!r} is not a whole number")
    return int(raw)


def _probability(raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise FaultSpecError(f"p={raw!r} is not a number") from None
