"""xarray's checks for dask and pint arrays import nothing in a run (layer0/xarrays.py),
and still find such arrays once their modules are imported."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_run_written_to_a_folder_imports_neither_dask_nor_pint(tmp_path):
    """`layer0 run`'s job in a process of its own (this one may have imported them), the
    second time: the first may fill the reference data's disk cache, whose checks use pint
    for the units."""
    code = f"""
        import sys
        from layer0.services.runs import RunRequest, run_job
        run_job(RunRequest(samples=8), out={str(tmp_path / "run")!r}, for_file=True)
        print(sorted(m for m in ("dask", "pint", "distributed") if m in sys.modules))
    """
    _python(code)
    assert _python(code) == "[]"


def test_dask_and_pint_arrays_are_still_found_once_imported():
    out = _python("""
        import numpy as np, xarray as xr
        from layer0 import xarrays
        xarrays.lazy_duck_array_checks()
        import sys
        from xarray.namedarray.utils import is_duck_dask_array
        xr.Variable("x", np.arange(3.0))          # checked without importing them
        assert not is_duck_dask_array(np.arange(3.0))
        assert not {"dask", "pint"} & set(sys.modules)
        import dask.array as da, pint
        assert is_duck_dask_array(da.ones(2))
        lazy = xr.DataArray(da.ones(4, chunks=2), dims="x")
        assert lazy.chunks == ((2, 2),) and float(lazy.sum()) == 4.0
        # xarray's masked-array check looks at a dask array's meta (the first user)
        masked = da.from_array(np.ma.masked_array([1.0, 2.0], mask=[False, True]), chunks=1)
        assert bool(xr.Variable("x", masked).isnull()[1].compute())
        metres = pint.UnitRegistry().Quantity(np.ones(3), "m")
        assert isinstance(xr.Variable("x", metres).data, pint.Quantity)
        print("ok")
    """)
    assert out == "ok"
