"""Geography rules shared by the reference checks, scenarios and the model: ISO codes, which
model region holds a country, and the nearest year of a dated series."""

from __future__ import annotations

from functools import lru_cache

from layer0.errors import InputError


@lru_cache(maxsize=4096)
def is_iso_country(code: str) -> bool:
    import pycountry

    return isinstance(code, str) and len(code) == 2 and \
        pycountry.countries.get(alpha_2=code) is not None


@lru_cache(maxsize=4096)
def is_iso_region(code: str) -> bool:
    """ISO 3166-1 alpha-2 country, or ISO 3166-2 subdivision (US-NC)."""
    if is_iso_country(code):
        return True
    import pycountry

    return isinstance(code, str) and "-" in code and \
        pycountry.subdivisions.get(code=code) is not None


def nearest_year(years, wanted: int) -> int:
    """The year of a dated series (exchange rates) to use for `wanted`: itself if listed,
    else the nearest one (the earlier on a tie)."""
    return min(years, key=lambda y: (abs(y - wanted), y))


def path_region(code: str, regions, candidates: list[str]) -> str:
    """The region of a demand path (one of `candidates`) that holds an ISO country or
    subdivision code; `regions` is the regions table (code, members)."""
    if candidates == ["WORLD"]:
        return "WORLD"
    country = code.split("-")[0]
    rows = regions[regions["code"].isin(candidates)]
    for region, members in zip(rows["code"], rows["members"], strict=True):
        if country in members.split():
            return region
    for region, members in zip(rows["code"], rows["members"], strict=True):
        if "*" in members.split():
            return region
    raise InputError.at("regions", "members", f"no path region holds '{code}' "
                        f"(path regions: {', '.join(candidates)})")
