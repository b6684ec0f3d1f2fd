"""`layer0 report`: one HTML or PDF file with the key findings first, then figures and tables
of demand, flows, scenarios, supply concentration, export controls and offtake coverage, and
the sources behind each figure.

The job, in order: check the request (the output's kind from its suffix, the folder, the
date) -> the run's summary (read from a `layer0 run --out` folder, or run now in memory) ->
the supply answers (controls on the date, Nuton's offtake against a 1 GW AI campus and the
AWS US-government campus, shares by country) -> the scenario comparison (cached on disk) ->
the document -> the file, written whole or not at all.

The comparison runs each scenario again, with fewer samples than the run (100 by default;
the report says how many): with 500 it would take longer than the rest of the report
together. Its result is kept in USER_DATA_DIR/cache/report/, keyed by model and data version,
the registry's state (its generation), the scenarios (their text), samples, seed and
materials, so a second report of the same run reuses it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from layer0.errors import InputError, mention
from layer0.io import atomic
from layer0.io.scenarios import builtin_names, read_scenario
from layer0.scenario import ScenarioSource, ScenarioText
from layer0.services.options import check_samples, check_seed
from layer0.settings import Settings, from_environment
from layer0.version import __version__

KINDS = {".html": "html", ".pdf": "pdf"}
DEFAULT_SAMPLES = 500
COMPARE_SAMPLES = 100
MAX_COMPARE_SAMPLES = 2000
COMPARED = ("base", "announced_only", "dc800v_fast", "headwinds", "lift_off", "no_recycling")
SECONDARY_ONLY = ("no_recycling",)   # change scrap, not demand: compared on primary demand
COMPARE_MATERIALS = 4
NUTON = "nuton-johnson-camp-heap-leach"
AWS = "aws-us-gov-ai-regions"
CAMPUS_MW = 1000.0
CAMPUS_ARCHETYPE = "hyperscale_ai"


@dataclass(frozen=True)
class ReportRequest:
    """What to report. `run`: a `layer0 run --out` folder; otherwise `scenario` (default
    base) is run now with `samples` and `seed`. `day`: the date for export controls."""

    out: Path
    run: Path | None = None
    scenario: ScenarioSource | None = None
    samples: int | None = None
    seed: int | None = None
    day: str | date | None = None
    compare_samples: int = COMPARE_SAMPLES


@dataclass(frozen=True)
class ReportResult:
    path: Path
    kind: str              # html | pdf
    size: int              # bytes
    pages: int | None      # PDF pages (None for HTML)
    comparison_cached: bool


def output_kind(out: Path) -> str:
    """html or pdf, from the suffix of `out`; a folder that cannot take it is bad input."""
    out = Path(out)
    kind = KINDS.get(out.suffix.lower())
    if kind is None:
        raise InputError.parameter("out", f"unknown kind of report '{out.suffix or out.name}' "
                                   "(allowed: a file name ending in .html or .pdf)",
                                   where=f"{out}:0")
    if out.is_dir():
        raise InputError.parameter("out", "is a folder; give a file name such as "
                                   f"{out / ('report' + out.suffix)}", where=f"{out}:0")
    parent = out.parent if str(out.parent) else Path(".")
    if problem := atomic.folder_problem(parent):
        raise InputError.parameter("out", f"{parent} {problem}", where=f"{out}:0")
    return kind


def check_request(request: ReportRequest) -> tuple[str, date]:
    """Everything about the request that can be checked before any work: (kind, day)."""
    from layer0.services.supply import parse_day

    kind = output_kind(request.out)
    day = parse_day(request.day)
    if request.run is not None:
        given = [name for name, v in (("scenario", request.scenario),
                                      ("samples", request.samples), ("seed", request.seed))
                 if v is not None]
        if given:
            raise InputError.parameter(given[0], f"give {mention('run')} DIR or "
                                       f"{mention('scenario')}/{mention('samples')}/"
                                       f"{mention('seed')}, not both: a run folder has its own")
    else:
        check_samples(DEFAULT_SAMPLES if request.samples is None else request.samples)
        check_seed(0 if request.seed is None else request.seed)
    if not 1 <= request.compare_samples <= MAX_COMPARE_SAMPLES:
        raise InputError.parameter("compare_samples", f"must be between 1 and "
                                   f"{MAX_COMPARE_SAMPLES}, got {request.compare_samples}")
    return kind, day


def _summary(request: ReportRequest, settings: Settings, progress) -> tuple[dict, str]:
    if request.run is not None:
        from layer0.report.run_folder import read_summary

        return read_summary(request.run), (f"Demand, flows, supply exposure and capacity are "
                                           f"read from {Path(request.run) / 'summary.json'}.")
    from layer0.services.runs import RunRequest, run_job

    result = run_job(RunRequest(request.scenario or "base",
                                DEFAULT_SAMPLES if request.samples is None else request.samples,
                                0 if request.seed is None else request.seed),
                     settings, progress=progress)
    return result.summary, ("Demand, flows, supply exposure and capacity come from a run made "
                            "for this report (`layer0 run` with the same scenario, samples "
                            "and seed gives the same numbers).")


def _scenario_source(request: ReportRequest, summary: dict) -> tuple[ScenarioSource, str | None]:
    """The scenario the supply answers and the comparison stand on, and a note if it is not
    the run's own (a run folder of a scenario file that is not built in)."""
    if request.scenario is not None:
        return request.scenario, None
    name = str(summary["scenario"])
    if name in builtin_names():
        return name, None
    return "base", (f"The run's scenario '{name}' is not built in, so the offtake coverage "
                    "and the scenario comparison stand on 'base'.")


def _text_of(source: ScenarioSource) -> str:
    text = source if isinstance(source, ScenarioText) else read_scenario(str(source))
    return text.text


def _generation(settings: Settings) -> str:
    from layer0.services.registry import database, generation

    with database(settings).read() as session:
        return generation(session)


def _cache_path(settings: Settings, key: dict) -> Path:
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:20]
    return settings.user_data_dir / "cache" / "report" / f"compare-{digest}.json"


def _compared(scenarios: list[ScenarioSource], flow: str, materials: list[str], samples: int,
              seed: int, settings: Settings, ref_version: str, progress) -> tuple[dict, bool]:
    """`services.scenarios.compare`, kept on disk by everything its numbers depend on;
    (the comparison, whether it came from the cache)."""
    from layer0.services.scenarios import compare

    key = {"layer0": __version__, "data": ref_version, "registry": _generation(settings),
           "scenarios": [hashlib.sha256(_text_of(s).encode()).hexdigest() for s in scenarios],
           "flow": flow, "materials": materials, "samples": samples, "seed": seed}
    path = _cache_path(settings, key)
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept.get("key") == key:
            return kept["comparison"], True
    except (OSError, ValueError, AttributeError):
        pass
    result = compare(scenarios, samples=samples, seed=seed, flow=flow, materials=materials,
                     settings=settings, progress=progress)
    try:   # a cache that cannot be written costs time next time, nothing else
        atomic.write_all(path.parent, {path.name: atomic.write_text(
            json.dumps({"key": key, "comparison": result}, allow_nan=False))})
    except OSError:
        pass
    return result, False


def gather(request: ReportRequest, settings: Settings | None = None, progress=None):
    """The ReportData of a request (checked first), and whether the comparison was cached."""
    from layer0.report import findings
    from layer0.report.data import Labelled, ReportData
    from layer0.report.sources import bibliography, provenance
    from layer0.services import supply
    from layer0.services.inputs import reference_data

    _, day = check_request(request)
    settings = settings or from_environment()
    summary, origin = _summary(request, settings, progress)
    source, scenario_note = _scenario_source(request, summary)
    ref = reference_data(settings)
    notes = [origin] + ([scenario_note] if scenario_note else [])
    if ref.version != summary["data_version"]:
        notes.append(f"The run used data version {summary['data_version']}; the supply "
                     f"shares, export controls and coverage use the current {ref.version}.")
    samples, seed = int(summary["samples"]), int(summary["seed"])
    controls = supply.controls(day, settings=settings)
    coverage = [
        Labelled(f"one {CAMPUS_MW / 1000:g} GW AI campus ({CAMPUS_MW:,.0f} MW IT)",
                 supply.coverage("copper", asset=NUTON, capacity_mw=CAMPUS_MW,
                                 archetype=CAMPUS_ARCHETYPE, samples=samples, seed=seed,
                                 scenario=source, settings=settings))]
    aws = supply.coverage("copper", asset=NUTON, facility=AWS, samples=samples, seed=seed,
                          scenario=source, settings=settings)
    coverage.append(Labelled(f"the {aws['facility']['operator']} US-government AI campus "
                             f"({AWS})", aws))
    ranked = findings.ranked_materials(summary)
    materials = list(dict.fromkeys(["copper", *ranked]))[:COMPARE_MATERIALS]
    name = source if isinstance(source, str) and source in builtin_names() else None
    others = [s for s in COMPARED if s != name and s not in SECONDARY_ONLY]
    n = request.compare_samples
    comparison, cached = _compared([source, *others], "demand", materials, n, seed, settings,
                                   ref.version, progress)
    secondary = [s for s in SECONDARY_ONLY if s != name]
    primary = None
    if secondary:
        primary, cached_primary = _compared([source, *secondary], "primary", materials[:2], n,
                                            seed, settings, ref.version, progress)
        cached = cached and cached_primary
    notes.append(f"The scenario comparison runs each scenario with {n:,} samples (seed {seed})"
                 + (f", fewer than the run's {samples:,}, to keep the report quick"
                    if n < samples else "")
                 + "; its result is kept in the user data folder (cache/report/), keyed by "
                 "model and data version, registry state, scenario texts, samples, seed and "
                 "materials" + (" (this report reused it)." if cached else "."))
    with_data = {r["material"] for r in summary["supply"] if r.get("hhi") is not None}
    chosen = [m for m in dict.fromkeys(ranked + [r["material"] for r in summary["supply"]])
              if m in with_data]
    concentration = {}
    for m in chosen:
        records = supply.concentration(m, settings=settings)
        concentration[m] = records if isinstance(records, list) else [records]
    topics = provenance(ref, findings.ranked_materials(summary, skip=()), [NUTON], [AWS])
    names = dict(zip(ref["materials"]["id"], ref["materials"]["name"], strict=True))
    data = ReportData(summary, day, controls, coverage, comparison, primary, concentration,
                      bibliography(ref, {s for ids in topics.values() for s in ids}), topics,
                      {k: _short(v) for k, v in names.items()}, ref.version, notes)
    return data, cached


def _short(name: str) -> str:
    """A material's name without its parenthesis: "Lithium (contained)" -> "Lithium"."""
    return name.split(" (", 1)[0]


def report(request: ReportRequest, settings: Settings | None = None, progress=None
           ) -> ReportResult:
    """Write the report to `request.out` (atomically) and say what was written."""
    from layer0.report import html, pdf

    kind, _ = check_request(request)
    data, cached = gather(request, settings, progress)
    out = Path(request.out)
    if kind == "html":
        content = html.render(data).encode("utf-8")
        pages = None
    else:
        content, pages = pdf.render(data)
    parent = out.parent if str(out.parent) else Path(".")
    written = atomic.write_all(parent, {out.name: lambda p: p.write_bytes(content)})[0]
    return ReportResult(written, kind, len(content), pages, cached)
