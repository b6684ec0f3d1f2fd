"""News: an article's events (with `ingest=true`, candidate records too), the review queue,
and decisions on it (recorded under the API key's name)."""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from layer0.api.deps import CHALLENGE, caller, reader, settings, writer
from layer0.errors import InputError

router = APIRouter(tags=["news"])
MAX_ARTICLE = 2_000_000   # characters: a long report, not a book


class ArticleBody(BaseModel):
    model_config = ConfigDict(extra="forbid")   # misspelt fields are refused

    text: str | None = Field(None, max_length=MAX_ARTICLE, description="The article's text.")
    html: str | None = Field(None, max_length=MAX_ARTICLE, description="Or a saved page.")
    title: str | None = Field(None, max_length=500)
    lang: str | None = Field(None, description="de or en (default: detected).")
    ingest: bool = Field(False, description="Also store the events as candidate records "
                         "(needs a key with the write scope).")


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")   # misspelt fields are refused

    why: str = Field("", max_length=2000)


class Acceptance(Decision):
    set: dict[str, str | float | int | None] = Field(default_factory=dict,
                                                     description="Fields to correct first.")
    merge_into: str | None = Field(None, description="Merge into this registry project.")
    new: bool = Field(False, description="A project of its own despite a likely duplicate.")


@router.post("/articles", summary="Read an article's events")
def article(body: ArticleBody, who=Depends(caller), config=Depends(settings)) -> dict:
    """The events of one article, each with its evidence sentence and span (code point
    offsets into `text`, the article as read: normalised, or a page's visible text)."""
    from layer0.services.news import article_of, extract, ingest

    if (body.text is None) == (body.html is None):
        raise InputError.parameter("text", "give text or html, one of them")
    if body.ingest:
        if who is None:
            raise HTTPException(401, "ingest=true is a write: it needs an API key",
                                headers=CHALLENGE)
        if not who.may("write"):
            raise HTTPException(403, f"the key '{who.name}' may only read")
    elif who is None and not config.api_open_reads:
        raise HTTPException(401, "this server needs an API key for reads too",
                            headers=CHALLENGE)
    read = article_of(body.html if body.html is not None else body.text,
                      html=body.html is not None)
    if body.title:
        read = dataclasses.replace(read, title=body.title)
    [events] = extract([read], body.lang, config)
    # the text the spans count in (code points of the normalised text; of the page's
    # visible text for html): what a client marks the events in
    out = {"language": events["language"], "events": events["events"], "text": read.text}
    if body.ingest:
        [outcome], count, _where = ingest([read], body.lang, config)
        out["ingested"] = {"already": outcome.already, "new": outcome.new,
                           "sourced": outcome.sourced, "records": count}
    return out


@router.get("/candidates", summary="The review queue", dependencies=[Depends(reader)])
def candidates(show: str = "candidate", config=Depends(settings)) -> list[dict]:
    from layer0.services.news import records

    return records(show, config)[0]


@router.post("/candidates/{record_id}/accept", summary="Accept a candidate")
def accept(record_id: str, body: Acceptance, who=Depends(writer), config=Depends(settings)
           ) -> dict:
    from layer0.services.news import decide

    changes = [f"{k}={'' if v is None else v}" for k, v in body.set.items()]
    [record] = decide([record_id], [], changes, config, body.merge_into, body.new, who.name,
                      body.why)
    return record


@router.post("/candidates/{record_id}/reject", summary="Reject a candidate")
def reject(record_id: str, body: Decision, who=Depends(writer), config=Depends(settings)
           ) -> dict:
    from layer0.services.news import decide

    [record] = decide([], [record_id], [], config, by=who.name, why=body.why)
    return record
