"""A scenario's names checked against the reference data: paths, regions, archetypes,
architectures, materials and components, and whether an adoption changes anything.

`reference_problems` yields (key chain, problem); `check_against_reference` adds the file and
the YAML line of each."""

from __future__ import annotations

from collections.abc import Iterator

from layer0.errors import InputError, Problem
from layer0.reference.geography import path_region
from layer0.scenario.loading import ScenarioText
from layer0.scenario.schema import Scenario

KeyProblem = tuple[tuple[str, ...], str]


def check_against_reference(scenario: Scenario, ref, source: ScenarioText) -> None:
    """Names the scenario uses must exist in the reference data (errors with YAML lines)."""
    found = list(reference_problems(scenario, ref))
    if found:
        raise InputError([Problem(f"{source.where}:{source.line_of(list(keys))}",
                                  ".".join(keys), problem) for keys, problem in found])


def _allowed(values) -> str:
    return ", ".join(sorted(values))


def reference_problems(scenario: Scenario, ref) -> Iterator[KeyProblem]:
    archetypes, architectures = ref.ids("archetypes"), ref.ids("architectures")
    materials, components = ref.ids("materials"), ref.ids("components")
    yield from _path(scenario, ref)
    for archetype, chosen in scenario.architecture.items():
        if archetype not in archetypes:
            yield ("architecture", archetype), (f"unknown archetype (allowed: "
                                                f"{_allowed(archetypes)})")
        for a in chosen:
            if a not in architectures:
                yield ("architecture", archetype), (f"unknown architecture '{a}' (allowed: "
                                                    f"{_allowed(architectures)})")
    if scenario.archetype_mix is not None:
        given = set(scenario.archetype_mix.shares)
        if given != set(archetypes):
            yield ("archetype_mix", "shares"), (
                f"needs a share for every archetype: missing {_allowed(set(archetypes) - given)}"
                f"; unknown {_allowed(given - set(archetypes)) or 'none'}")
    yield from _adoption(scenario, ref, archetypes, architectures)
    first = int(ref["supply"]["year"].min())
    if scenario.supply_year < first:
        yield ("supply_year",), (f"{scenario.supply_year} is before the first supply data "
                                 f"year {first} (the supply answers use the latest data at or "
                                 "before it)")
    for block, keys, allowed in (
            ("intensity_change", "rates", materials), ("recycling", "rates", {*materials, "*"}),
            ("lifetimes", "median_years", components)):
        spec = getattr(scenario, block)
        for key in (getattr(spec, keys) if spec is not None else {}):
            if key not in allowed:
                yield (block, keys, key), f"unknown name '{key}' (allowed: {_allowed(allowed)})"


def _path(scenario: Scenario, ref) -> Iterator[KeyProblem]:
    spec = scenario.demand_path
    if spec is None:
        return
    if isinstance(spec, str):
        table = ref["electricity_paths"]
        paths = set(table["path"])
        if spec not in paths:
            yield ("demand_path",), f"unknown path '{spec}' (allowed: {_allowed(paths)}; or " \
                "give {unit, source, values} or null for announced projects only)"
            return
        table = table[table["path"] == spec]
        coverage = {r: (int(g["year"].min()), int(g["year"].max()))
                    for r, g in table.groupby("region")}
    else:
        regions = set(ref["regions"]["code"])
        for region in spec.values:
            if region not in regions:
                yield ("demand_path", "values", region), (f"unknown region (allowed: "
                                                          f"{_allowed(regions)})")
        if "WORLD" in spec.values and len(spec.values) > 1:
            yield ("demand_path", "values"), ("give WORLD alone or model regions only (the "
                                              "regions are modelled and WORLD would be dropped)")
        coverage = {r: (min(p), max(p)) for r, p in spec.values.items()}
        if scenario.announced.include and "WORLD" not in spec.values:
            yield from _projects_held(ref, list(spec.values))
    start, end = scenario.years
    for region, (first, last) in coverage.items():
        # one year of trend beyond the data is allowed; "hold" extends the end flat
        if first > start or (scenario.path_extension == "none" and last < end - 1):
            yield ("demand_path",), (
                f"{region}: the path covers {first}-{last}, the scenario's years {start}-{end} "
                f"need {start}-{end - 1} at least" + ("" if first > start else
                                                      " (or path_extension: hold)"))


def _projects_held(ref, regions: list[str]) -> Iterator[KeyProblem]:
    for code in sorted(set(ref["projects"]["region"])):
        try:
            path_region(code, ref["regions"], regions)
        except InputError:
            yield ("demand_path", "values"), (
                f"announced projects in {code} lie in no region of the path; add their region "
                f"(or IEA_ROW), use WORLD, or set announced: {{include: false}}")
            return


def _adoption(scenario: Scenario, ref, archetypes, architectures) -> Iterator[KeyProblem]:
    table = ref["intensities"]
    axis_of = ref["architectures"].set_index("id")["axis"].to_dict()
    ceilings: dict[tuple[str, str], float] = {}
    for architecture, spec in scenario.adoption.items():
        if architecture not in architectures:
            yield ("adoption", architecture), (f"unknown architecture (allowed: "
                                               f"{_allowed(architectures)})")
            continue
        rows = table[table["architecture"] == architecture]
        for archetype in spec.applies_to:
            if archetype not in archetypes:
                yield ("adoption", architecture, "applies_to"), (
                    f"unknown archetype '{archetype}' (allowed: {_allowed(archetypes)})")
                continue
            if not rows["archetype"].isin([archetype, "any"]).any():
                with_rows = sorted(set(rows["archetype"])) or ["none"]
                yield ("adoption", architecture, "applies_to"), (
                    f"intensities.csv has no rows for {architecture} in {archetype}, so the "
                    f"adoption would change nothing (rows exist for: {', '.join(with_rows)})")
            key = (archetype, axis_of[architecture])  # applies_to lists each archetype once
            ceilings[key] = ceilings.get(key, 0.0) + spec.ceiling.bounds[1]
    for (archetype, axis), total in ceilings.items():
        if total > 1 + 1e-9:
            yield ("adoption",), (f"the ceilings of the {axis} architectures adopted in "
                                  f"{archetype} add up to {total:g}; they share new cohorts and "
                                  f"may add up to 1 at most")
