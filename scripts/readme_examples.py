"""The README's example outputs, made by the current code so they cannot drift.

Each example in README.md is a marker line followed by a fenced block:

    <!-- example: disrupt --material gallium ... -->
    ```
    $ layer0 disrupt --material gallium ...
    (what the command prints)
    ```

`python scripts/readme_examples.py` runs every marked command (in this process, as piped
output: 150 columns, no colour, an empty registry, in a temporary folder) and rewrites its
block; `--check` only compares and exits 1 when a block differs (a test runs it).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
MARKER = re.compile(r"^<!-- example: (?P<args>.+?) -->\n```\n(?P<body>.*?)```\n",
                    re.MULTILINE | re.DOTALL)
WIDTH = 150


def output_of(args: str) -> str:
    """What `layer0 ARGS` prints, with the command line first."""
    from layer0.cli import console, invoke

    buffer = io.StringIO()
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        saved = {k: os.environ.get(k) for k in ("LAYER0_NEWS_DIR", "LAYER0_DATA_DIR",
                                                "LAYER0_USER_DATA_DIR", "LAYER0_DATABASE_URL")}
        os.environ["LAYER0_NEWS_DIR"] = str(Path(folder) / "news")
        os.environ["LAYER0_USER_DATA_DIR"] = str(Path(folder) / "user")
        os.environ.pop("LAYER0_DATA_DIR", None)
        os.environ.pop("LAYER0_DATABASE_URL", None)
        width, console.out.width = console.out.width, WIDTH
        try:
            with contextlib.redirect_stdout(buffer):
                code = invoke(shlex.split(args))
        finally:
            console.out.width = width
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    if code != 0:
        raise RuntimeError(f"layer0 {args} exited {code}")
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    return "\n".join([f"$ layer0 {args}", *lines]) + "\n"


def regenerate(text: str) -> str:
    return MARKER.sub(lambda m: f"<!-- example: {m['args']} -->\n```\n{output_of(m['args'])}```\n",
                      text)


def stale(text: str) -> list[str]:
    """The commands whose block differs from what they print now."""
    return [m["args"] for m in MARKER.finditer(text) if m["body"] != output_of(m["args"])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 on drift")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    if args.check:
        drifted = stale(text)
        for command in drifted:
            print(f"README example drifted: layer0 {command}", file=sys.stderr)
        sys.exit(1 if drifted else 0)
    README.write_text(regenerate(text), encoding="utf-8")
    print(f"rewrote {len(MARKER.findall(text))} example(s) in {README}")


if __name__ == "__main__":
    main()
