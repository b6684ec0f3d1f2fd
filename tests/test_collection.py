"""The suite itself: every collected test has its own node id. `make test` distributes tests
by node id (`--dist loadgroup`), so tests sharing one would run as one and the rest nowhere,
silently (schemathesis's generated API tests did under pytest 9.2: tests/api/conftest.py)."""

from __future__ import annotations

from collections import Counter


def test_every_collected_test_has_its_own_node_id(request):
    ids = Counter(item.nodeid for item in request.session.items)
    shared = {nodeid: n for nodeid, n in ids.items() if n > 1}
    assert not shared, f"node ids shared by several tests: {shared}"
