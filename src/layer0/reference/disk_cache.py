"""The validated reference data kept on disk between processes, with what was derived from it.

Reading, validating and cross-checking the tables takes ~1.8 s, and the supply tables derived
from them (concentration, risk records, exposure shares) ~2 s more: most of a short command's
time, the same every time for the same data. A pickle of both, named by everything they depend
on, loads in ~10 ms. The name holds the data version (every data file's bytes), a hash of this
package's source (the code that validated and derived them) and the pandas and numpy versions
(the pickle's format): any change makes a new file, so a stale one is never read. The cache is
only ever written by this process's user and is safe to delete; a file that cannot be read is
ignored and replaced.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

KEPT_FILES = 8   # data sets kept in the folder (the packaged one, a few --data-dir folders)
PREFIX = "reference-"


@functools.cache
def code_fingerprint() -> str:
    """Hash of layer0's source files and of the library versions a pickle depends on."""
    import numpy
    import pandas

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{pandas.__version__} {numpy.__version__}".encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_file(cache_dir: Path, directory: Path, version: str) -> Path:
    folder = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:8]
    return Path(cache_dir) / f"{PREFIX}{version}-{folder}-{code_fingerprint()}.pickle"


def read(path: Path) -> dict | None:
    """{"tables", "version", "derived"} from `path`, or None when there is none or it is
    unreadable (a partial or foreign file is not an error: the data are loaded again)."""
    try:
        with open(path, "rb") as file:
            state = pickle.load(file)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
            ValueError, TypeError):
        return None
    return state if isinstance(state, dict) and {"tables", "version", "derived"} <= set(
        state) else None


def write(path: Path, state: dict) -> bool:
    """Write `state` atomically (a temporary file renamed over `path`); drop the oldest files
    beyond KEPT_FILES. False when the folder cannot be written (the cache is then skipped).
    io/atomic.py does this for outputs, but this layer sits below io (docs/architecture.md)."""
    path, tmp = Path(path), None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        with os.fdopen(fd, "wb") as file:
            pickle.dump(state, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False
    others = sorted(path.parent.glob(f"{PREFIX}*.pickle"), key=_mtime, reverse=True)
    for old in others[KEPT_FILES:]:
        old.unlink(missing_ok=True)
    return True


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
