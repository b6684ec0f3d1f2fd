"""The packaged reference data: row schemas, reading and validating tables (and a user's
rows of the same shape), cross-table checks, geography rules, and the loaded data set.

The names below are loaded on first use, so that importing a light module of this package
(`schema`, `geography`) does not import pandas.
"""

from __future__ import annotations

import importlib

_LAZY = {"ReferenceData": "loading", "data_version": "loading", "load": "loading",
         "load_cached": "loading", "data_dir": "rows", "read_rows": "rows"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(f"layer0.reference.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'layer0.reference' has no attribute '{name}'")


__all__ = sorted(_LAZY)
