"""Executors that run chunks of samples: in this process, or on a Dask cluster.

An executor maps a function over sample ranges: `map_ranges(func, shared, ranges)` yields
((start, stop), func(shared, start, stop)) as chunks finish, in any order. The engine gives
both executors the same function and ranges, so they give the same numbers.
`progress(done, total)` is called as chunks finish.

Process-wide settings belong to whoever owns the process: `tune_process` is called by the
command line (it owns its process) and by a LocalCluster on the workers it starts, never by
the model itself. Operators of their own Dask workers can opt in with
`dask worker ... --preload layer0.model.executors`.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator

Progress = Callable[[int, int], None]


class InProcess:
    """Chunks in this process: one after another, or with `threads` > 1 on that many
    threads (the engine's compiled loops release the GIL, so chunks overlap; a result is
    handed on and dropped as soon as it is done, so at most `threads` chunks are held).
    Its chunks share the caller's memory: the engine has them write into the whole run's
    arrays."""

    shares_memory = True

    def __init__(self, progress: Progress | None = None, threads: int = 1):
        self.progress = progress
        self.slots = max(1, threads)   # chunks that run at the same time

    def map_ranges(self, func, shared, ranges: list[tuple[int, int]]) -> Iterator:
        total, done = _total(ranges), 0
        for (start, stop), result in self._results(func, shared, ranges):
            yield (start, stop), result
            del result
            done += stop - start
            if self.progress:
                self.progress(done, total)

    def _results(self, func, shared, ranges):
        if self.slots == 1 or len(ranges) < 2:
            for start, stop in ranges:
                yield (start, stop), func(shared, start, stop)
            return
        from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

        waiting = iter(ranges)
        pending: dict = {}   # future -> its (start, stop)
        with ThreadPoolExecutor(self.slots, thread_name_prefix="layer0-chunk") as pool:
            try:
                while True:
                    for start, stop in itertools.islice(waiting, self.slots - len(pending)):
                        pending[pool.submit(func, shared, start, stop)] = (start, stop)
                    if not pending:
                        return
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        yield pending.pop(future), future.result()
            finally:
                for future in pending:
                    future.cancel()


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class DaskCluster:
    """Chunks as Dask tasks: `workers` starts a LocalCluster, `address` joins a running one.

    Our clients are never the process's default: a default client (even one that failed to
    connect) makes xarray wait on a cluster lock for every file written afterwards."""

    def __init__(self, workers: int | None = None, address: str | None = None,
                 progress: Progress | None = None):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as err:  # the [scale] extra is not installed
            raise RuntimeError("Dask is not installed: pip install 'layer0[scale]'") from err
        self.progress = progress
        if address:
            self.cluster = None
            self.client = _connect(Client, address, CONNECT_SECONDS)
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                        processes=True, dashboard_address=None)
            self.client = Client(self.cluster, set_as_default=False)
            self.client.run(tune_process)  # our own worker processes

    @property
    def slots(self) -> int:
        """Chunks that run at the same time: the cluster's worker threads."""
        return max(1, sum(w.get("nthreads", 1) for w in
                          self.client.scheduler_info()["workers"].values()))

    def map_ranges(self, func, shared, ranges: list[tuple[int, int]]) -> Iterator:
        from dask.distributed import as_completed

        # hash=False: a name of its own each run (a content hash is reused while an earlier
        # run still releases it, and its tasks then lose their data)
        scattered = self.client.scatter(shared, broadcast=True, hash=False)
        futures = {self.client.submit(func, scattered, start, stop, pure=False): (start, stop)
                   for start, stop in ranges}
        total, done = _total(ranges), 0
        for future in as_completed(futures, loop=self.client.loop):
            start, stop = futures[future]
            yield (start, stop), future.result()
            future.release()
            done += stop - start
            if self.progress:
                self.progress(done, total)

    def close(self):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


CONNECT_SECONDS = 10


def _connect(client_class, address: str, seconds: float):
    """A client of the scheduler at `address`, or TimeoutError. Something that is not a Dask
    scheduler (a web server) may accept the connection and never answer the handshake, which
    Client's own timeout does not bound: the attempt runs in a daemon thread we stop waiting
    for."""
    import threading

    outcome: dict = {}

    def attempt():
        try:
            outcome["client"] = client_class(address, timeout=f"{seconds}s",
                                             set_as_default=False)
        except BaseException as error:  # handed to the caller below
            outcome["error"] = error

    thread = threading.Thread(target=attempt, daemon=True, name="layer0-dask-connect")
    thread.start()
    thread.join(seconds + 5)
    if thread.is_alive():
        raise TimeoutError(f"no Dask scheduler answered within {seconds + 5:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["client"]


def _total(ranges: list[tuple[int, int]]) -> int:
    return sum(stop - start for start, stop in ranges)


def tune_allocator() -> None:
    """Keep freed memory in the process instead of returning it to the OS (glibc only).

    The engine allocates large temporaries per chunk; with glibc's defaults each one is a fresh
    mmap whose pages fault in again, which costs more than the arithmetic on this kind of VM
    (measured: a 160 MB copy 0.39 s cold vs 0.03 s reused). Other platforms: no-op.
    A process-wide setting: only the owner of the process calls it.
    """
    global _TUNED
    if _TUNED:
        return
    _TUNED = True
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_max = -1, -4
        libc.mallopt(m_mmap_max, 0)  # every block from the heap, which is reused...
        libc.mallopt(m_trim_threshold, (1 << 31) - 1)  # ...and kept (a C int: the largest)
    except (OSError, AttributeError):
        pass


_TUNED = False


def tune_process() -> None:
    """Process-wide settings for running the model: the allocator (above), one BLAS thread,
    and no transparent-huge-page advice from numpy. Only the process's owner calls it.

    The engine's matrix products are many and small; OpenBLAS's own threads spin while they
    wait and, on two busy cores, made them 5-10x slower (a (125 x 128) @ (128 x 104) product
    per sample: 0.12 s with one thread, 1.4 s with two under load); parallelism comes from
    chunks instead (threads in process, Dask workers). numpy advises huge pages for large
    arrays; where the kernel then compacts memory on the fault (THP defrag "madvise", this
    VM), a 2,000-sample run spent 14-16 s in the kernel, 3 s without. Before numpy is
    imported (a command line starting) both are environment settings, which cost nothing and
    pass to the processes it starts; after (a Dask worker), they are set in the running
    libraries."""
    import os
    import sys

    tune_allocator()
    if "numpy" not in sys.modules:
        for name in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, "1")
        os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
    import numpy as np

    set_hugepage = getattr(np._core.multiarray, "_set_madvise_hugepage", None)
    if set_hugepage is not None:
        set_hugepage(False)


def dask_setup(worker=None) -> None:
    """Dask preload hook (`dask worker ... --preload layer0.model.executors`)."""
    tune_process()
