"""xarray without importing dask and pint in processes that use neither.

xarray asks of every plain numpy array it is given whether it is a dask or a pint array,
and the first such question imports the module to learn its array type (dask.array
~0.55 s, pint ~0.3 s, dask's core for its collection test ~0.2 s: a tenth of a cold
`layer0 run`, which never makes such arrays). No object can be a dask or pint array before
its module is imported, so until then the answer is "no" without the import; once it is
imported, xarray's own check takes over.
"""

from __future__ import annotations

import sys

# xarray's name for the module -> the module that defines its array type
_ARRAY_MODULES = {"dask": "dask.array", "pint": "pint"}


def lazy_duck_array_checks() -> None:
    """Let xarray's duck-array checks for dask and pint import nothing until those modules
    are imported by someone else. Relies on xarray's cache of the modules it checked
    (xarray.namedarray.pycompat, as in xarray 2026.9); where that is gone it does nothing and
    xarray imports them as before (tests/test_xarrays.py says which)."""
    try:
        from xarray.namedarray import pycompat
    except ImportError:
        return
    cache = getattr(pycompat, "_cached_duck_array_modules", None)
    base = getattr(pycompat, "DuckArrayModule", None)
    if not isinstance(cache, dict) or base is None:
        return

    class NotYetImported(base):
        """What xarray's check finds for `name` before `array_module` is imported."""

        def __init__(self, name: str, array_module: str) -> None:
            self._name, self._array_module = name, array_module

        @property
        def type(self):
            if self._array_module not in sys.modules:
                return ()
            return self._imported().type

        def _imported(self):
            cache[self._name] = found = base(self._name)   # xarray's own, from now on
            return found

        def __getattr__(self, attribute: str):   # module, version, available: import
            if attribute.startswith("_"):
                raise AttributeError(attribute)
            return getattr(self._imported(), attribute)

    for name, array_module in _ARRAY_MODULES.items():
        if name not in cache and array_module not in sys.modules:
            cache[name] = NotYetImported(name, array_module)
    _lazy_dask_collection_test()


def _lazy_dask_collection_test() -> None:
    """xarray's `is_dask_collection` imports dask to call dask's test, whose first step is
    whether the object has `__dask_graph__`: that step is taken here, and dask imported only
    for objects that have one (as before) or once dask is imported anyway."""
    try:
        from xarray.namedarray import utils
    except ImportError:
        return
    xarrays_test = getattr(utils, "is_dask_collection", None)
    if xarrays_test is None or getattr(xarrays_test, "lazy", False):
        return

    def is_dask_collection(x: object) -> bool:
        if "dask" not in sys.modules and not hasattr(x, "__dask_graph__"):
            return False
        return xarrays_test(x)

    is_dask_collection.lazy = True
    utils.is_dask_collection = is_dask_collection
