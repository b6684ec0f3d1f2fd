"""Atomic output: every file is written to a temporary name first and renamed only when all
of them are complete, so a failed write never leaves a half-written result. Temporaries
carry the writer's process id; those of a writer that died (killed mid-write) are swept on
the next write to the folder.

Also here: whether a folder can be written, checked before any work that would end in it.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STALE_SECONDS = 3600  # a temporary without a process id is stale after an hour


def write_all(out_dir: Path, writers: dict[str, Callable[[Path], None]]) -> list[Path]:
    """Call each writer on a temporary path inside `out_dir`, then rename them all."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sweep(out_dir, list(writers))
    staged: list[tuple[Path, Path]] = []
    try:
        for name, write in writers.items():
            tmp = _temporary(out_dir, name)
            staged.append((tmp, out_dir / name))
            write(tmp)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    umask = os.umask(0)
    os.umask(umask)
    for tmp, final in staged:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, final)
    return [final for _, final in staged]


def stage(out_dir: Path, name: str, write: Callable[[Path], None]) -> Path:
    """`write` `name` ahead of the others, to a temporary in `out_dir` (removed if the
    write fails), for `staged` to hand to write_all: a file that can be written on another
    thread while the rest is still being made. The caller removes the temporary if it is
    never handed over. Makes `out_dir` if need be, as write_all does."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(out_dir, name)
    try:
        write(tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _temporary(out_dir: Path, name: str) -> Path:
    """An empty temporary for `name` in `out_dir`, named with this process's id (sweep)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.{os.getpid()}.", dir=out_dir)
    os.close(fd)
    return Path(tmp)


def staged(tmp: Path) -> Callable[[Path], None]:
    """write_all's writer of a file `stage` wrote: moved into place with the others."""
    return lambda path: os.replace(tmp, path)


def write_text(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text, encoding="utf-8")


def sweep(folder: Path, names: list[str]) -> list[Path]:
    """Remove the temporaries of `names` left in `folder` by writers that no longer run."""
    removed = []
    for name in names:
        for path in folder.glob(f".{name}.*"):
            if _abandoned(path, name):
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def _abandoned(path: Path, name: str) -> bool:
    pid = path.name[len(name) + 2:].split(".", 1)[0]
    if pid.isdigit():
        try:
            os.kill(int(pid), 0)   # signal 0: only asks whether the process exists
            return False           # alive: ours, or another writer's
        except ProcessLookupError:
            return True
        except PermissionError:
            return False           # alive, another user's
    try:
        return time.time() - path.stat().st_mtime > STALE_SECONDS
    except OSError:
        return False


def folder_problem(folder: Path) -> str | None:
    """None if `folder` is a folder that can be written, or can be created; else why not."""
    folder = Path(folder)
    if folder.exists():
        if not folder.is_dir():
            return "is a file, not a folder"
        return None if writable(folder) else "is not writable"
    parent = next((p for p in folder.parents if p.exists()), None)
    if parent is None or not parent.is_dir():
        return f"cannot be created: {parent} is a file, not a folder"
    if not writable(parent):
        return f"cannot be created: {parent} is not writable"
    return None


def writable(folder: Path) -> bool:
    """Whether this process may create files in `folder`."""
    return os.access(folder, os.W_OK | os.X_OK)
