"""Is a project candidate a project the registry already has? A fuzzy match of names
(rapidfuzz: the operator and name against the candidate's actor and evidence), a region
that does not contradict, and MW that agree when both state them."""

from __future__ import annotations

from rapidfuzz import fuzz, utils

NAME_SCORE = 85      # token-set ratio (0-100) from which two operators are the same one
MW_TOLERANCE = 0.25  # two reports of one campus differ by phase or basis, rarely by more


def _regions_agree(a: str | None, b: str | None) -> bool:
    return not a or not b or a.startswith(b) or b.startswith(a)


def likely_duplicates(fields: dict, projects: list[dict], limit: int = 3) -> list[dict]:
    """The projects a candidate's fields most likely describe, best first: each with `id`,
    `score` (0-100) and `why`."""
    actor = fields.get("actor")
    if not actor:
        return []
    found = []
    for project in projects:
        if not _regions_agree(fields.get("location"), project.get("region")):
            continue
        score = fuzz.token_set_ratio(actor, project.get("operator") or "",
                                     processor=utils.default_process)
        if score < NAME_SCORE:
            continue
        why = [f"operator '{project['operator']}' ~ '{actor}' ({score:.0f})"]
        mw, theirs = fields.get("capacity_mw"), project.get("capacity_mw")
        if mw and theirs:
            if abs(mw - theirs) > MW_TOLERANCE * max(mw, theirs):
                continue
            why.append(f"{theirs:,.0f} MW ~ {mw:,.0f} MW")
            score += 10
        if fields.get("location") and project.get("region"):
            why.append(f"region {project['region']}")
        found.append({"id": project["id"], "score": round(min(score, 100.0), 1),
                      "why": "; ".join(why)})
    return sorted(found, key=lambda d: -d["score"])[:limit]
