"""Where the compiled kernels spend their time, function by function, with Linux `perf`.

    perf record -o kernels.data python benchmarks/kernel_profile.py flows 100
    perf report -i kernels.data --stdio --sort sym

runs `kernels.flows` (or `tonnes`) 100 times on one 500-sample chunk of the long run
(2015-2050, as `engine_vs_bandwidth`) and writes /tmp/perf-<pid>.map, which perf reads to name
the compiled functions (numba's code has no symbols perf can see otherwise). The kernels are
compiled afresh into a temporary cache: a cached library holds object code, not the LLVM
module whose functions' addresses the map needs. Functions inlined into their callers
(inline="always") count as their callers' time.

Compiling takes ~25 s of the run, so give it enough calls (100 of flows: ~9 s). Not part of
`make bench` (perf is not a dependency: `apt-get install linux-perf`).
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import time

os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="layer0-numba-")  # before numba loads
atexit.register(shutil.rmtree, os.environ["NUMBA_CACHE_DIR"], True)

import numpy as np  # noqa: E402

from layer0 import reference  # noqa: E402
from layer0.model import engine, kernels  # noqa: E402
from layer0.model.executors import InProcess, tune_process  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
from run import _long_scenario  # noqa: E402  (benchmarks/run.py, beside this file)

OUTPUTS = {"flows": range(7, 12), "tonnes": range(18, 26)}   # the arguments written


def captured(name: str, samples: int = 500) -> list:
    """The arguments the engine passes to kernel `name` for one chunk of the long run."""
    kept: list = []
    real = getattr(kernels, name)

    def keep(*args):
        kept[:] = [np.array(a) if isinstance(a, np.ndarray) else a for a in args]
        return real(*args)

    setattr(kernels, name, keep)
    try:
        plan = engine.plan(reference.load(), _long_scenario(), samples, seed=0)
        engine.assemble(plan, InProcess(threads=1), chunk=samples)
    finally:
        setattr(kernels, name, real)
    return kept


def perf_map(module) -> int:
    """/tmp/perf-<pid>.map: each compiled function of `module`'s kernels, by address."""
    import numba

    entries = set()
    for dispatcher in vars(module).values():
        if not isinstance(dispatcher, numba.core.registry.CPUDispatcher):
            continue
        for compiled in dispatcher.overloads.values():
            library = compiled.library
            for function in library._final_module.functions:
                if not function.is_declaration:
                    address = library.get_pointer_to_function(function.name)
                    if address:
                        entries.add((address, function.name))
    ordered = sorted(entries)
    with open(f"/tmp/perf-{os.getpid()}.map", "w") as out:
        for i, (address, symbol) in enumerate(ordered):
            end = ordered[i + 1][0] if i + 1 < len(ordered) else address + 0x10000
            out.write(f"{address:x} {min(end - address, 0x100000):x} {symbol}\n")
    return len(ordered)


def main(name: str = "flows", repeats: int = 100) -> None:
    tune_process()
    args = captured(name)
    for i in OUTPUTS[name]:
        args[i] = np.empty_like(args[i])
    kernel = getattr(kernels, name)
    kernel(*args)
    start = time.perf_counter()
    for _ in range(repeats):
        kernel(*args)
    seconds = (time.perf_counter() - start) / repeats
    mapped = perf_map(kernels)
    print(f"{name}: {seconds:.4f} s a call ({repeats} calls); {mapped} functions mapped "
          f"in /tmp/perf-{os.getpid()}.map")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "flows",
         int(sys.argv[2]) if len(sys.argv) > 2 else 100)
