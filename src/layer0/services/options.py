"""Checks of the options every use case shares (samples, chunk size, where to compute), with
one sample cap for all of them."""

from __future__ import annotations

from layer0 import limits
from layer0.errors import InputError, Problem, mention
from layer0.io.scenarios import builtin_names as builtin_scenarios  # noqa: F401 (for help)

MAX_SAMPLES = 200_000   # every sample of every output is held in memory (~0.4 MB each)
# a run that streams its samples into quantile sketches holds none of them: no cap but time
# (and a 64-bit sample index); it keeps them in memory up to KEEP_SAMPLES_UP_TO by default
MAX_STREAMED_SAMPLES = 10**11  # centuries of computing: a typo, not a run
KEEP_SAMPLES_UP_TO = 5_000   # ~0.5 MB a sample held: 2.6 GB
MAX_CHUNK = 100_000
MAX_WORKERS = 64


def samples_problem(samples: int, cap: int = MAX_SAMPLES) -> Problem | None:
    if not 1 <= samples <= cap:
        return Problem.parameter("samples", f"must be between 1 and {cap}, got {samples}")
    return None


def check_samples(samples: int) -> None:
    if problem := samples_problem(samples):
        raise InputError(problem)


def check_run_samples(samples: int, keep_samples: bool | None) -> bool:
    """A run's sample count, and whether it keeps its samples in memory (and demand.nc):
    by default up to KEEP_SAMPLES_UP_TO; beyond, it streams them (no cap but time)."""
    if samples < 1:   # (not "between 1 and 200000": a run streaming its samples has no cap)
        raise InputError.parameter("samples", f"must be at least 1, got {samples}")
    keep = samples <= KEEP_SAMPLES_UP_TO if keep_samples is None else keep_samples
    if problem := samples_problem(samples, MAX_SAMPLES if keep else MAX_STREAMED_SAMPLES):
        if keep and samples > MAX_SAMPLES:
            problem = Problem.parameter("samples", f"{samples} samples cannot all be kept in "
                                        f"memory (at most {MAX_SAMPLES}): leave out "
                                        f"{mention('keep_samples')} to stream them")
        raise InputError(problem)
    return keep


def check_seed(seed: int) -> None:
    if problem := limits.SEED.problem(seed):
        raise InputError.parameter("seed", problem)


def check_year(year: int | None, field: str = "year") -> None:
    """A data year asked for (the latest data at or before it is used)."""
    if year is not None and (problem := limits.DATA_YEAR.problem(year)):
        raise InputError.parameter(field, problem)


def check_chunk(chunk: int) -> None:
    if not 1 <= chunk <= MAX_CHUNK:
        raise InputError.parameter("chunk", f"must be between 1 and {MAX_CHUNK}, got {chunk}")


class Executor:
    """Where chunks run: in process by default (on `threads` threads, default one per usable
    core); a Dask LocalCluster with `workers`; a running cluster at `scheduler`. Bad options
    and unreachable schedulers are bad input."""

    def __init__(self, workers: int | None = None, scheduler: str | None = None, progress=None,
                 threads: int | None = None):
        from layer0.model.executors import DaskCluster, InProcess, usable_cores

        if workers is not None and scheduler:
            raise InputError.parameter("workers", f"give {mention('workers')} or "
                                       f"{mention('scheduler')}, not both")
        if workers is not None and not 1 <= workers <= MAX_WORKERS:
            raise InputError.parameter("workers", f"must be between 1 and {MAX_WORKERS}, got "
                                       f"{workers}")
        if workers is None and not scheduler:  # in process: `threads`, default every usable core
            self.executor = InProcess(progress, threads=threads or usable_cores())
            return
        try:
            self.executor = DaskCluster(workers=workers, address=scheduler, progress=progress)
        except RuntimeError as error:  # the [scale] extra is not installed
            raise InputError.parameter("workers", str(error)) from None
        except Exception as error:
            if not scheduler:
                raise
            # whatever answers there is no scheduler: a refusal, silence (TimeoutError), or a
            # web server whose reply reads as an absurd frame length (MemoryError)
            raise InputError.parameter("scheduler", f"cannot reach a Dask scheduler at "
                                       f"'{scheduler}' ({type(error).__name__}: {error})"
                                       ) from None

    def __enter__(self):
        return self.executor

    def __exit__(self, *exc):
        close = getattr(self.executor, "close", None)
        if close:
            close()


def own_process() -> None:
    """Process-wide tuning, for a front end that owns its process (the console script, a
    server's worker); never called by the services themselves."""
    from layer0.model.executors import tune_process

    tune_process()


def leaving_process() -> None:
    """For the console script, its work done and the process about to exit: the registry's
    connections are closed now (SQLite folds its write-ahead log back into the database, as
    it did when the interpreter collected them), and every object is frozen out of the
    garbage collector, whose passes over the ~1,700 imported modules' objects at exit took
    0.5-0.7 s of every command that runs the model (exit 0.06 s after). What is still open
    is closed by the interpreter's teardown as before; objects kept alive only by reference
    cycles are no longer finalised (their memory and files go back with the process: the
    command's outputs are written and closed before this)."""
    import gc
    import sys

    if "layer0.store.db" in sys.modules:   # a light command never opened the registry
        from layer0.store.db import dispose_all

        dispose_all()
    gc.freeze()
