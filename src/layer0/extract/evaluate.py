"""Precision and recall of extracted events against hand-labelled gold events.

The unit of scoring is the numeric fact: (event group, field, value, material), e.g.
(share, share_pct, 92, rare_earths). Investment and capacity are one group ("project"): an
announcement with money and MW is one event in some labels and two in others, the facts are
the same. A predicted fact matches a gold fact of the same group, field and material within
2 % of the value; each gold fact is matched at most once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from layer0.extract.event import NUMERIC_FIELDS

TOLERANCE = 0.02
AMOUNT_TOLERANCE = 0.10   # a non-USD sum converted at another month's rate still matches
GROUP = {"investment": "project", "capacity": "project"}
ATTRIBUTES = ("actor", "location", "date", "stage")


@dataclass(frozen=True)
class Fact:
    group: str
    field: str
    value: float
    material: str | None
    event: dict


def facts(events: list[dict]) -> list[Fact]:
    return [Fact(GROUP.get(e["type"], e["type"]), name, float(e[name]), e.get("material"), e)
            for e in events for name in NUMERIC_FIELDS if e.get(name) is not None]


def _close(a: float, b: float, name: str = "") -> bool:
    tolerance = AMOUNT_TOLERANCE if name == "amount_usd" else TOLERANCE
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-9)


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    attribute_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    attribute_total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES,
                                                                                  0))
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0

    def add(self, other: Score) -> None:
        self.true_positive += other.true_positive
        self.false_positive += other.false_positive
        self.false_negative += other.false_negative
        for name in ATTRIBUTES:
            self.attribute_hits[name] += other.attribute_hits[name]
            self.attribute_total[name] += other.attribute_total[name]
        self.misses.extend(other.misses)


def score(predicted: list[dict], gold: list[dict], label: str = "") -> Score:
    """Match predicted to gold facts; count attributes of matched facts that agree."""
    result = Score()
    open_gold = facts(gold)
    for fact in facts(predicted):
        twin = next((g for g in open_gold if (g.group, g.field, g.material) ==
                     (fact.group, fact.field, fact.material)
                     and _close(g.value, fact.value, fact.field)),
                    None)
        if twin is None:
            result.false_positive += 1
            result.misses.append(f"{label}: extra {fact.group} {fact.field}={fact.value:g} "
                                 f"{fact.material or ''} <- {fact.event['evidence'][:90]!r}")
            continue
        open_gold.remove(twin)
        result.true_positive += 1
        for name in ATTRIBUTES:
            if twin.event.get(name) is not None:
                result.attribute_total[name] += 1
                result.attribute_hits[name] += fact.event.get(name) == twin.event.get(name)
    result.false_negative = len(open_gold)
    result.misses.extend(f"{label}: missed {g.group} {g.field}={g.value:g} {g.material or ''}"
                         f" <- {g.event.get('evidence', '')[:90]!r}" for g in open_gold)
    return result


# -- events of real articles (../shared/news-real): the event is the unit, typed as the gold --

GOLD_TYPE = {"market_share": "share"}   # layer0's name -> the gold's name of the same type


def _material(value: str | None) -> str | None:
    return value.replace("_", " ").lower() if value else None


def _matches(p: dict, g: dict) -> bool:
    """A predicted event is a gold event: same type, the gold's material (if it names one),
    every number the gold gives within tolerance (a range by its upper bound, as the gold
    writes it), and the same country when both name one."""
    if GOLD_TYPE.get(p["type"], p["type"]) != g["type"]:
        return False
    if g.get("material") and _material(p.get("material")) != _material(g["material"]):
        return False
    numbers = [name for name in NUMERIC_FIELDS if g.get(name) is not None]
    for name in numbers:
        if p.get(name) is None:
            return False
        # the gold writes a range as its upper bound; layer0 keeps the range beside its value
        value = ((p.get("ranges") or {}).get(name) or (None, p[name]))[1]
        tolerance = AMOUNT_TOLERANCE if name == "amount_usd" else TOLERANCE
        if abs(value - g[name]) > tolerance * max(abs(value), abs(g[name]), 1e-9):
            return False
    if g.get("location") and p.get("location"):   # both name a country: the same one
        return p["location"].split("-")[0] == g["location"].split("-")[0]
    return True


@dataclass
class EventScore:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    by_type: dict[str, list[int]] = field(default_factory=dict)   # type -> [tp, fp, fn]
    misses: list[str] = field(default_factory=list)

    precision = Score.precision
    recall = Score.recall

    def _count(self, kind: str, slot: int) -> None:
        self.by_type.setdefault(kind, [0, 0, 0])[slot] += 1

    def add(self, other: EventScore) -> None:
        self.true_positive += other.true_positive
        self.false_positive += other.false_positive
        self.false_negative += other.false_negative
        for kind, counts in other.by_type.items():
            for slot, n in enumerate(counts):
                self.by_type.setdefault(kind, [0, 0, 0])[slot] += n
        self.misses.extend(other.misses)


def as_gold_counts(events: list[dict]) -> list[dict]:
    """layer0 keeps an investment and the MW of the same build in one event (one project
    record); the gold counts "a capacity and an amount in one sentence" as two events."""
    out = []
    for e in events:
        if e["type"] == "investment" and e.get("capacity_mw") is not None \
                and e.get("amount_usd") is not None:
            out += [{**e, "capacity_mw": None}, {**e, "type": "capacity", "amount_usd": None}]
        else:
            out.append(e)
    return out


def score_events(predicted: list[dict], gold: list[dict], label: str = "") -> EventScore:
    """Match predicted events (counted as the gold counts them) to gold events one to one:
    as many pairs as can be matched, the closest figures among equally many (an assignment,
    scipy's linear_sum_assignment; a first fit let "well above the $30 billion estimate"
    take the gold $31.4 billion that the article's own $31.4 billion then missed)."""
    result = EventScore()
    events = as_gold_counts(predicted)
    twins = _assignment(events, gold)
    for i, event in enumerate(events):
        kind = GOLD_TYPE.get(event["type"], event["type"])
        if i not in twins:
            result.false_positive += 1
            result._count(kind, 1)
            result.misses.append(f"{label}: extra {event['type']} "
                                 f"{_figures(event)} <- {event.get('evidence', '')[:90]!r}")
            continue
        result.true_positive += 1
        result._count(kind, 0)
    matched = set(twins.values())
    for j, g in enumerate(gold):
        if j in matched:
            continue
        result.false_negative += 1
        result._count(g["type"], 2)
        result.misses.append(f"{label}: missed {g['type']} {_figures(g)} "
                             f"({g.get('actor') or '-'}, {g.get('original') or ''})")
    return result


UNMATCHED = 1e6   # the cost of pairing events that do not match: never chosen over a match


def _assignment(events: list[dict], gold: list[dict]) -> dict[int, int]:
    """{predicted index: gold index} for the most matching pairs, closest figures first."""
    if not events or not gold:
        return {}
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    cost = np.full((len(events), len(gold)), UNMATCHED)
    for i, event in enumerate(events):
        for j, g in enumerate(gold):
            if _matches(event, g):
                cost[i, j] = _distance(event, g)
    rows, cols = linear_sum_assignment(cost)
    return {int(i): int(j) for i, j in zip(rows, cols, strict=True) if cost[i, j] < UNMATCHED}


def _distance(p: dict, g: dict) -> float:
    """Sum of the relative differences of the gold's numbers (0 for a measure)."""
    return sum(abs(p[name] - g[name]) / max(abs(p[name]), abs(g[name]), 1e-9)
               for name in NUMERIC_FIELDS if g.get(name) is not None
               and p.get(name) is not None)


def _figures(event: dict) -> str:
    shown = [f"{name}={event[name]:g}" for name in NUMERIC_FIELDS if event.get(name) is not None]
    return " ".join(shown + [event.get("material") or ""]).strip()
