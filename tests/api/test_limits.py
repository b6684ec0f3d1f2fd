"""A body above the limit is refused with 413 whether its length is declared or it comes
chunked (never read whole), and the server goes on answering."""

from __future__ import annotations


def _chunks(megabytes: int):
    for _ in range(megabytes):
        yield b"x" * 2**20


def test_a_chunked_body_above_the_limit_is_refused(client):
    done = client.post("/v1/articles", content=_chunks(30),
                       headers={"content-type": "application/json"})
    assert done.status_code == 413
    assert done.headers["content-type"] == "application/problem+json"
    assert client.get("/v1/health").status_code == 200


def test_a_declared_length_above_the_limit_is_refused_before_reading(client):
    body = b"x" * (26 * 2**20)
    done = client.post("/v1/articles", content=body,
                       headers={"content-type": "application/json"})
    assert done.status_code == 413 and done.json()["status"] == 413
