"""News extraction: quality on the labelled set, throughput, and worst-case inputs.

Run alone (`python benchmarks/news.py [--misses]`) or through `make bench`. The labelled set
is benchmarks/news/gold/*.json; each names its text (a file here, or one of
../shared/corpus/). Figures are printed, never asserted on.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from layer0.extract import extract_events, rates_from_rows
from layer0.extract.evaluate import ATTRIBUTES, Score, score
from layer0.reference.rows import read_rows

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "benchmarks" / "news" / "gold"
ARTICLE_BYTES = 5 * 1024
RATES = rates_from_rows((r.currency, r.year, r.month, r.usd_per_unit, r.source_id)
                        for r in read_rows("fx_rates.csv"))


def labelled() -> list[tuple[Path, dict]]:
    pairs = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        text = (ROOT / gold["text"]).resolve()
        if text.is_file():
            pairs.append((text, gold))
    return pairs


def quality(show_misses: bool = False) -> list[dict]:
    total, by_lang = Score(), {"de": Score(), "en": Score()}
    pairs = labelled()
    for text_path, gold in pairs:
        events = [e.model_dump() for e in extract_events(text_path.read_text("utf-8"), rates=RATES)]
        result = score(events, gold["events"], text_path.name)
        total.add(result)
        by_lang[gold["language"]].add(result)
    if show_misses:
        print("\n".join(total.misses))
    rows = [{"name": "news_precision", "figure": round(total.precision, 3), "unit": "",
             "ratio": round(total.precision / 0.9, 2), "goal": ">= 0.9",
             "texts": len(pairs), "facts_found": total.true_positive + total.false_positive},
            {"name": "news_recall", "figure": round(total.recall, 3), "unit": "",
             "ratio": round(total.recall / 0.8, 2), "goal": ">= 0.8",
             "gold_facts": total.true_positive + total.false_negative}]
    for lang, s in by_lang.items():
        rows.append({"name": f"news_{lang}_precision_recall", "figure": round(s.precision, 3),
                     "unit": "", "ratio": round(s.recall, 3), "note": "figure = precision, "
                     "ratio = recall"})
    agreement = {name: (f"{total.attribute_hits[name]}/{total.attribute_total[name]}")
                 for name in ATTRIBUTES}
    rows.append({"name": "news_attributes_of_matched_facts", "figure": total.true_positive,
                 "unit": "facts", "ratio": 1.0, **agreement})
    return rows


REAL = ROOT.parent / "shared" / "news-real"     # gold events of 57 real articles
REAL_TEXTS = ROOT / ".cache" / "news-real"       # their texts, rebuilt (never committed)


# Real articles labelled here by readers who never saw the extractor (texts rebuilt into
# .cache/news-real/<split>): each scored once held out, then developed on (their READMEs).
LABELLED_HERE = {"extra": ROOT / "benchmarks" / "news-real-extra",
                 "more": ROOT / "benchmarks" / "news-real-more",
                 "fresh": ROOT / "benchmarks" / "news-real-fresh",
                 "fresh2": ROOT / "benchmarks" / "news-real-fresh2",
                 "fresh3": ROOT / "benchmarks" / "news-real-fresh3",
                 "fresh4": ROOT / "benchmarks" / "news-real-fresh4",
                 "fresh5": ROOT / "benchmarks" / "news-real-fresh5"}
SPLITS = ["dev", "test", *LABELLED_HERE]


def _gold_file(split: str) -> Path:
    here = LABELLED_HERE.get(split)
    return here / "gold.json" if here else REAL / split / "gold.json"


def real_texts(split: str) -> list[tuple[dict, str, str | None]]:
    """(gold entry, text, date) of each article of a split whose text was rebuilt: the
    headline and the article, as a reader pastes them, and the date the page states (the
    cache file's DATE line: files.json's date, else the month of the README's table, as a
    saved page's metadata gives it to `layer0 extract`)."""
    gold_file = _gold_file(split)
    if not gold_file.is_file():
        return []
    found = []
    for entry in json.loads(gold_file.read_text("utf-8")):
        path = REAL_TEXTS / split / entry["file"]
        if not path.is_file():
            continue
        header, _, body = path.read_text("utf-8").partition("\n\n")
        fields = dict(line.partition(":")[::2] for line in header.splitlines())
        title = fields.get("TITLE", "").strip()
        date = fields.get("DATE", "").strip().lstrip("~") or None
        found.append((entry, f"{title}\n\n{body}" if title else body, date))
    return found


def real_quality(split: str, show_misses: bool = False) -> list[dict]:
    """Precision and recall on the real articles of `split` (events typed as the gold; see
    layer0.extract.evaluate.score_events). Develop on dev; test is for reporting."""
    from layer0.extract.evaluate import EventScore, score_events

    pairs = real_texts(split)
    if not pairs:
        return [{"name": f"news_real_{split}", "figure": None, "unit": "", "ratio": None,
                 "note": f"no rebuilt texts in {REAL_TEXTS / split} (see {REAL}/README.md)"}]
    total, by_lang = EventScore(), {"de": EventScore(), "en": EventScore()}
    for entry, text, date in pairs:
        events = [e.model_dump() for e in extract_events(text, rates=RATES, published=date)]
        result = score_events(events, entry["events"], entry["file"])
        total.add(result)
        by_lang[entry["language"]].add(result)
    if show_misses:
        print("\n".join(total.misses))
    articles = len(json.loads(_gold_file(split).read_text("utf-8")))
    rows = [{"name": f"news_real_{split}_precision", "figure": round(total.precision, 3),
             "unit": "", "ratio": round(total.precision / 0.9, 2), "goal": ">= 0.9",
             "texts": f"{len(pairs)}/{articles}",
             "events_found": total.true_positive + total.false_positive},
            {"name": f"news_real_{split}_recall", "figure": round(total.recall, 3), "unit": "",
             "ratio": round(total.recall / 0.85, 2), "goal": ">= 0.85",
             "gold_events": total.true_positive + total.false_negative}]
    for lang, s in by_lang.items():
        rows.append({"name": f"news_real_{split}_{lang}_precision_recall",
                     "figure": round(s.precision, 3), "unit": "", "ratio": round(s.recall, 3),
                     "note": "figure = precision, ratio = recall"})
    rows.append({"name": f"news_real_{split}_by_type", "figure": total.true_positive,
                 "unit": "events matched", "ratio": 1.0,
                 **{kind: "tp {} fp {} fn {}".format(*c) for kind, c in
                    sorted(total.by_type.items())}})
    return rows


def agreement(split: str = "fresh5") -> list[dict]:
    """How far two readers agree: a second, independent labelling of the split's articles
    (`gold-second.json`, written without seeing the first) scored against its gold as the
    extractor is scored. The ceiling a reader of the conventions reaches on these texts."""
    here = LABELLED_HERE.get(split)
    second_file = here / "gold-second.json" if here else None
    if second_file is None or not second_file.is_file():
        return []
    from layer0.extract.evaluate import EventScore, score_events

    first = {entry["file"]: entry for entry in json.loads(_gold_file(split).read_text("utf-8"))}
    total = EventScore()
    for entry in json.loads(second_file.read_text("utf-8")):
        total.add(score_events(entry["events"], first[entry["file"]]["events"], entry["file"]))
    return [{"name": f"news_real_{split}_second_reader", "figure": round(total.precision, 3),
             "unit": "", "ratio": round(total.recall, 3),
             "note": "a second labelling scored against the gold: figure = precision, "
                     "ratio = recall"}]


def _articles() -> list[str]:
    """5 KB articles cut from the labelled texts (whole sentences are not needed here)."""
    texts = sorted((ROOT / "benchmarks" / "news").glob("*.txt"))
    texts += sorted((ROOT.parent / "shared" / "corpus").glob("*.txt"))
    text = "\n".join(p.read_text("utf-8") for p in texts)
    return [text[i:i + ARTICLE_BYTES] for i in range(0, len(text) - ARTICLE_BYTES + 1,
                                                     ARTICLE_BYTES // 2)]


def throughput(count: int = 400) -> dict:
    articles = _articles()
    batch = (articles * (count // max(1, len(articles)) + 1))[:count]
    extract_events(batch[0], rates=RATES)                   # tables and patterns compiled once
    start = time.perf_counter()
    for text in batch:
        extract_events(text, rates=RATES)
    rate = len(batch) / (time.perf_counter() - start)
    return {"name": "news_throughput", "figure": round(rate), "unit": "articles/s (5 KB)",
            "ratio": round(rate / 200, 2), "goal": ">= 200 on one core"}


ADVERSARIAL = {
    "digits": lambda n: "9" * n,
    "dots_and_digits": lambda n: "1." * (n // 2),
    "separators": lambda n: "1.000," * (n // 6),
    "no_sentence_end": lambda n: ("Amazon investiert rund 11 Mrd. US-Dollar und " * n)[:n],
    "numbers_and_units": lambda n: ("12 GW 14.000 Tonnen 92 % Kupfer " * n)[:n],
    "date_soup": lambda n: ("18.01.2026 1. August 2023 " * n)[:n],
    "range_chain": lambda n: ("1 bis 2 bis 3 - 4 to 5 " * n)[:n],
    "aliases": lambda n: ("Georgia AWS Amazon Web Services Seltenerdmetalle " * n)[:n],
}


def adversarial(size: int = 1_000_000) -> list[dict]:
    rows = []
    for name, make in ADVERSARIAL.items():
        text = make(size)
        start = time.perf_counter()
        events = extract_events(text, rates=RATES)
        seconds = time.perf_counter() - start
        rows.append({"name": f"news_1MB_{name}", "figure": round(seconds, 3), "unit": "s",
                     "ratio": round(seconds, 3), "goal": "< 1 s",
                     "events": len(events)})
    return rows


def linearity(sizes_mb: tuple[float, ...] = (0.1, 1.0, 10.0)) -> list[dict]:
    """Seconds per MB of article text (the labelled texts repeated) at each size; the ratio
    is the largest size's time per MB over the smallest's (linear: about 1)."""
    base = "\n\n".join(_articles())
    extract_events(base, rates=RATES)          # tables and patterns compiled once
    per_mb = []
    for size in sizes_mb:
        n = int(size * 1_000_000)
        text = (base * (n // len(base) + 1))[:n]
        start = time.perf_counter()
        extract_events(text, rates=RATES)
        per_mb.append((time.perf_counter() - start) / size)
    growth = round(per_mb[-1] / per_mb[0], 2)
    return [{"name": "news_linearity", "figure": growth, "unit": "x", "ratio": growth,
             "goal": "<= 1.5 (time linear in length)",
             **{f"s_per_MB_at_{size:g}MB": round(t, 3)
                for size, t in zip(sizes_mb, per_mb, strict=True)}}]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", action="store_true", help="print every missed or extra fact")
    parser.add_argument("--real", choices=SPLITS, help="only the real articles of this "
                        "split (../shared/news-real; extra, more, fresh*: "
                        "benchmarks/news-real-*), with their misses if --misses")
    args = parser.parse_args()
    if args.real:
        for row in real_quality(args.real, args.misses) + agreement(args.real):
            print(row)
        return
    for row in (quality(args.misses) + [row for split in SPLITS for row in real_quality(split)]
                + agreement() + [throughput()] + adversarial() + linearity()):
        print(row)


if __name__ == "__main__":
    main()
