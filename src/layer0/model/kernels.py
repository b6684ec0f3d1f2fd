"""The engine's two hot loops, compiled (numba).

`flows`: every component's stock-driven cohort model (stock.py's mathematics), one column
(region, component, archetype) at a time for LANES samples side by side (vectors over the
samples): forward substitution year by year (each year's inflow adds what of it survives to
the later years, over the ages anyone reaches) until a sample's stock shrinks faster than
its cohorts retire; from that year that sample goes on alone, retiring the oldest cohorts
early, from the survivors already summed. Columns with no stock are skipped.

`tonnes`: the material flows from the MW flows, through MW terms (terms.py's mathematics: a
cohort's intensity is the base plus each adoption's share of that cohort times the adoption's
difference): dated by lead time, convolved with survival and multiplied by the intensities
in one pass per sample (one at a time), written straight into report-year outputs. Only
the materials a component uses are multiplied (a fifth of the weights are not zero), as
vectors over the years and regions: 20-30 % less time than dense BLAS products of all 26 materials.

Why compiled loops rather than numpy: the arrays of one sample are small (40 years x 5
regions x 5 term columns), so numpy spent its time in per-call overhead and in temporaries
the size of the whole chunk; here nothing larger than a block of samples' outputs is ever
allocated.
The numpy versions stay as the reference the tests hold these to (stock.stock_driven,
engine._general_tonnes).

Compiled on first use and cached beside this module (numba's `cache=True`).
"""

from __future__ import annotations

import math

import numba
import numpy as np
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

from layer0.model import gamma  # compiled here too (warm_up): the Dirichlet's quantiles

# sums may be reordered (vectorised); no assumption about NaN, infinity or signed zeros
SUMS = {"reassoc", "contract"}
NEGATIVE_TOLERANCE = 1e-9  # an inflow below -this x the row's largest stock: the stock shrinks
ALIVE = 1e-12  # survival below this carries no stock (ages nobody reaches are skipped)
UNUSED = -2  # an adoption column whose weights are all zero for a component: left at zero
# Every kernel takes numpy's error model: a float divided by zero gives inf or nan rather
# than raising ZeroDivisionError, so numba adds no check and branch to each division (in
# `_forward` the check kept the loop over the lanes from vectorising: 3-6 % of the flows
# kernel). Each division here is by a value known or checked to be positive first.
# The helpers that allocate nothing are compiled without numba's reference counting
# (`_nrt=False`): each array they take or slice was an atomic incref and decref of its
# owner's count (the arrays live in their callers, who hold them); the flows kernel took
# ~5 % less time (`_retire_oldest`, since inlined, took nine arrays, ~0.5 M calls per 1,000
# samples of the long run), the same numbers. A helper that did allocate would fail to
# compile (NRT required).


# The outputs no kernel reads again (the sums of the flows and the tonnes by material) are
# written with non-temporal stores: straight to memory, past the caches, without first
# reading in the lines they overwrite (as the copy the benchmarks measure the engine
# against writes). Cleared with a memset and then written with ordinary stores, these
# outputs took ~3-4 % more of a warm 1,000-sample run (make bench's long scenario: 0.40 vs
# 0.41-0.43 s in interleaved runs, 2026-12-06). The stores change no value; a fence at each
# kernel's end makes them visible to other threads before the kernel returns. Not used
# where a value is read again soon (the MW flows the tonnes read next) or where a row is
# scattered (demand: a row built in the cache and streamed out took longer).


@intrinsic
def _stream(typingctx, array, index, value):
    """array[index] = value (1-d, no bounds check), as a non-temporal store."""
    if not isinstance(array, types.Array) or array.ndim != 1:
        return None
    signature = types.void(array, types.intp, array.dtype)

    def codegen(context, builder, sig, args):
        array_type = sig.args[0]
        view = context.make_array(array_type)(context, builder, args[0])
        pointer = cgutils.get_item_pointer(context, builder, array_type, view, [args[1]])
        store = builder.store(args[2], pointer)
        store.set_metadata("nontemporal", builder.module.add_metadata([ir.IntType(32)(1)]))
        return context.get_dummy_value()
    return signature, codegen


@intrinsic
def _fence(typingctx):
    """A full memory fence (x86: mfence): the non-temporal stores before it are visible to
    every thread after it (they are weakly ordered, ordinary stores are not)."""
    def codegen(context, builder, sig, args):
        builder.fence("seq_cst")
        return context.get_dummy_value()
    return types.void(), codegen


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _alive(sv):
    """How many ages (from 0) carry stock: survival falls with age, so none after them."""
    for a in range(sv.shape[0]):
        if sv[a] < ALIVE:
            return a
    return sv.shape[0]


@numba.njit(cache=True, error_model="numpy", nogil=True, inline="always")
def _add_scaled(out, amount, values):
    """out += amount x values: 1-d views of one length, indexed from 0 (with the offsets in
    the views, not the indices, the loop vectorises: 15 % of the flows kernel). Inlined
    where it is called (numba's IR): the views handed to a call were counted references
    (NRT incref/decref, ~15 % of the flows kernel in perf) and each call a call; inlined,
    the kernel took 24 % less time."""
    for i in range(out.shape[0]):
        out[i] += amount * values[i]


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False, inline="always")
def _retire_oldest(excess, sv, alive, old, new, t, surv, top, first):
    """Take `excess` from the cohorts in service at year t, oldest first (the base by
    descending age, then the model years' cohorts), scaling each taken cohort down; the
    later years' survivors (surv) lose what the taken part would have kept. top: no base
    cohort from this age on holds anything, first: none of the model years' before it (both
    moved as cohorts empty, so a row retiring for decades does not walk them; returned).
    Inlined into the walk, its one caller (~240 k calls per 500 samples of the long run):
    the flows kernel took 2-4 % less time."""
    n = surv.shape[0]
    top = min(top, max(alive - t, 0))    # older base cohorts are past every age in service
    for a in range(top - 1, -1, -1):
        if excess <= 0.0:
            return top, first
        in_service = old[a] * sv[t + a]
        if in_service > 0.0:
            taken = min(excess, in_service)
            cut = old[a] * (taken / in_service)
            old[a] -= cut
            end = max(min(n, alive - a), t + 1)
            _add_scaled(surv[t + 1:end], -cut, sv[t + 1 + a:end + a])
            excess -= taken
        if old[a] == 0.0 and a == top - 1:
            top = a
    for c in range(first, t):
        if excess <= 0.0:
            return top, first
        in_service = new[c] * sv[t - c]
        if in_service > 0.0:
            taken = min(excess, in_service)
            cut = new[c] * (taken / in_service)
            new[c] -= cut
            _add_scaled(surv[t + 1:n], -cut, sv[t + 1 - c:n - c])
            excess -= taken
        if new[c] == 0.0 and c == first:
            first = c + 1
    return top, first


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _sequential_from(t0, stock, sv, alive, old, new, surv, inflow, early):
    """Years t0.. of a row whose stock shrinks faster than its cohorts retire (stock.py):
    cohorts kept as entry amounts, `old` the base by age and `new` the model years' (new[c]
    for c < t0 given), surv[t] (t >= t0) what of them survives in year t. Each year what the
    stock needs beyond the survivors enters, and an excess of survivors is retired early,
    oldest first. Writes inflow and early from t0."""
    top, first = old.shape[0], 0
    n = stock.shape[0]
    here = surv[t0]
    for t in range(t0, n):
        need = stock[t] - here
        early[t] = 0.0
        if need < 0.0:
            top, first = _retire_oldest(-need, sv, alive, old, new, t, surv, top, first)
            early[t] = -need
        amount = max(need, 0.0) / sv[0]
        new[t] = amount
        inflow[t] = amount
        # the cohort adds what of it survives to the later years' survivors (each year's
        # inflow updates the years after it, so no year sums its cohorts again); next
        # year's first and kept for its need: read back from memory, it was on the chain
        # from one year to the next (the flows kernel took ~5 % more time). A year that
        # retires early has no cohort to add (adding zeros would change nothing; a fifth of
        # the walk's years on the long run: ~1-2 % of the flows kernel)
        if t + 1 < n:
            here = surv[t + 1]
            if amount != 0.0:
                here += amount * sv[1]
                surv[t + 1] = here
                _add_scaled(surv[t + 2:n], amount, sv[2:n - t])


@numba.njit(cache=True, error_model="numpy", nogil=True, fastmath=SUMS, _nrt=False)
def _survivors(t0, sv, alive, old, new, surv):
    """surv[t] for t >= t0: what survives in year t of the base `old` (by age) and of the
    cohorts new[c], c < t0."""
    for t in range(t0, surv.shape[0]):
        total = _base_sum(sv, alive, old, t)
        for c in range(t0):
            total += new[c] * sv[t - c]
        surv[t] = total


@numba.njit(cache=True, error_model="numpy", nogil=True)
def sequential_rows(stock, survival, old, new, start):
    """stock._sequential's rows [N, T]: each from its own start year; `old` [N, A0] and `new`
    [N, T] (given before start) are scaled in place. Returns (inflow, early) [N, T]."""
    inflow = new.copy()
    early = np.zeros(stock.shape)
    surv = np.empty(stock.shape[1])
    for i in range(stock.shape[0]):
        alive = _alive(survival[i])
        _survivors(start[i], survival[i], alive, old[i], new[i], surv)
        _sequential_from(start[i], stock[i], survival[i], alive, old[i], new[i], surv,
                         inflow[i], early[i])
    return inflow, early


LANES = 32  # samples computed side by side in `flows` (vectors of them; 16 and 64 were slower)


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _lanes_survival(survival, lifetime, s0, nb, sv_t, alive, sv0):
    """sv_t [ages, lanes]: survival curve `lifetime` of samples s0 .. s0 + nb - 1, zero
    from the first age nobody reaches (the ages a column's model skips then add nothing);
    alive and sv0 (survival in the first half year) per lane. Returns the most ages alive."""
    most = 0
    for b in range(nb):
        sv = survival[lifetime, s0 + b]
        if sv[0] <= 0.0:
            raise ValueError("survival: a cohort must survive its first half year")
        alive[b] = _alive(sv)
        sv0[b] = sv[0]
        most = max(most, alive[b])
        for g in range(sv.shape[0]):
            sv_t[g, b] = sv[g] if g < alive[b] else 0.0
    return most


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _lanes_transposed(served, s0, nb, out):
    """out [D, A, R, Y, lanes] = served [S, D, A, Y, R] of samples s0 .. s0 + nb - 1: each
    column's stock a [Y, lanes] block (twelve components read driver 0's)."""
    n_d, n_a, n_y, n_r = served.shape[1:]
    for b in range(nb):            # each sample's stocks read in memory order (~2x faster)
        for d in range(n_d):
            for a in range(n_a):
                for t in range(n_y):
                    for r in range(n_r):
                        out[d, a, r, t, b] = served[s0 + b, d, a, t, r]


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _tolerances(stock, nb, tolerance):
    """tolerance[b] = -NEGATIVE_TOLERANCE x the lane's largest stock; False if every lane's
    stock is zero in every year (the column has no flows)."""
    for b in range(nb):
        tolerance[b] = 0.0
    for t in range(stock.shape[0]):
        for b in range(nb):
            tolerance[b] = max(tolerance[b], abs(stock[t, b]))
    held = False
    for b in range(nb):
        held = held or tolerance[b] > 0.0
        tolerance[b] = -NEGATIVE_TOLERANCE * tolerance[b]
    return held


@numba.njit(cache=True, error_model="numpy", nogil=True, fastmath=SUMS, _nrt=False,
            inline="always")
def _base_sum(sv, alive, weight, t):
    """What of the base survives in year t per unit of its youngest cohort (or, given the
    cohorts' amounts as `weight`, in all), summed over its ages: sum_a weight[a] sv[a + t]
    (ages nobody reaches add nothing). Inlined: compiled apart, its reordered sum gave other
    last bits than the loops it replaced."""
    total = 0.0
    for a in range(min(weight.shape[0], alive - t)):
        total += weight[a] * sv[a + t]
    return total


@numba.njit(cache=True, error_model="numpy", nogil=True, fastmath=SUMS, _nrt=False)
def _lanes_base_per_unit(survival, lifetime, s0, nb, alive, weight, sv_t, out):
    """out [Y, lanes]: what of the installed base survives at each year, per unit of entry
    of its youngest cohort (stock.initial_base): sum_a weight[a] sv[a + t], weight[a] = q^a
    (q = exp(-growth)) the base's age structure. With q <= 1 by the recurrence out[t] =
    sv[t] + q out[t + 1] - q^A sv[t + A] (A base ages; one pass over the ages instead of one
    per year), for all lanes at once from their curves sv_t (zero from the first age nobody
    reaches), from the last year's direct sum; else summed directly (a shrinking base: q^A
    would grow without bound)."""
    n, n_base = out.shape[0], weight.shape[0]
    q = weight[1] if n_base > 1 else 0.0
    if q > 1.0:
        for b in range(nb):
            sv = survival[lifetime, s0 + b]
            for t in range(n):
                out[t, b] = _base_sum(sv, alive[b], weight, t)
        return
    last = n - 1
    for b in range(nb):
        out[last, b] = _base_sum(survival[lifetime, s0 + b], alive[b], weight, last)
    q_base = weight[n_base - 1] * q
    for t in range(last - 1, -1, -1):
        here, drop, later, row = sv_t[t], sv_t[t + n_base], out[t + 1], out[t]
        for b in range(nb):
            row[b] = here[b] + q * later[b] - q_base * drop[b]


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _base_survivors(stock, per_unit, nb, scale, surv):
    """The installed base: scale[b] = stock[0] / what survives of it per unit (0 if
    nothing), surv [Y, lanes] what of it survives each year."""
    for b in range(nb):
        scale[b] = stock[0, b] / per_unit[0, b] if per_unit[0, b] > 0.0 else 0.0
    for t in range(stock.shape[0]):
        for b in range(nb):
            surv[t, b] = scale[b] * per_unit[t, b]


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _forward(stock, sv_t, sv0, most, tolerance, surv, inflow, entering, active, start, nb):
    """Forward substitution (stock.stock_driven) of nb lanes at once: each year's inflow,
    the stock less its survivors, enters and adds what of it survives to the later years'
    survivors. A lane whose inflow falls below its tolerance (the stock shrinks faster than
    its cohorts retire) stops at that year (start[b], else 0): it adds nothing from then on,
    so its survivors stay those of its earlier cohorts, where `_sequential_from` goes on."""
    n_y = stock.shape[0]
    for b in range(nb):
        inflow[0, b] = 0.0
        active[b] = 1.0
        start[b] = 0
    for t in range(1, n_y):
        row = inflow[t]
        # one loop, the stop taken with selects (it stays scalar: LLVM keeps a branch for
        # the start year), not a second loop of branches: ~1.5 % of the flows kernel
        for b in range(nb):
            x = (stock[t, b] - surv[t, b]) / sv0[b]
            row[b] = x
            stop = (active[b] != 0.0) & (x < tolerance[b])
            entering[b] = 0.0 if stop else x * active[b]
            start[b] = t if stop else start[b]
            active[b] = 0.0 if stop else active[b]
        for u in range(t + 1, min(n_y, t + most)):
            later, curve = surv[u], sv_t[u - t]
            for b in range(nb):
                later[b] += entering[b] * curve[b]


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _sequential_lanes(survival, lifetime, s0, nb, start, stock, surv, inflow, early, scale,
                      weight, alive, column, old):
    """The lanes that stopped (start[b] > 0) go on one at a time in `_sequential_from`,
    from the base (scale x its age structure `weight`) and the cohorts that entered (what
    the walk reads: the stock and survivors from t0, the cohorts before it)."""
    n_y = stock.shape[0]
    c_stock, c_surv, c_new, c_inflow, c_early = (column[0], column[1], column[2], column[3],
                                                 column[4])
    for b in range(nb):
        t0 = start[b]
        if t0 == 0:
            continue
        for t in range(t0):
            c_new[t] = inflow[t, b]
        for t in range(t0, n_y):
            c_stock[t] = stock[t, b]
            c_surv[t] = surv[t, b]
        for g in range(old.shape[0]):
            old[g] = scale[b] * weight[g]
        _sequential_from(t0, c_stock, survival[lifetime, s0 + b], alive[b], old, c_new,
                         c_surv, c_inflow, c_early)
        for t in range(t0, n_y):
            inflow[t, b] = c_inflow[t]
            early[t, b] = c_early[t]


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _outflows(stock, inflow, early, nb, outflow, retired):
    """outflow [Y, lanes]: what retires regularly (the stock's fall plus what entered, less
    what was retired early); retired: outflow + early."""
    for b in range(nb):
        outflow[0, b] = 0.0
        retired[0, b] = early[0, b]
    for t in range(1, stock.shape[0]):
        for b in range(nb):
            regular = stock[t - 1, b] - stock[t, b] + inflow[t, b] - early[t, b]
            outflow[t, b] = regular
            retired[t, b] = regular + early[t, b]


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _component_sums(flowed, c, first, nb, sums):
    """One component's lanes (flowed [4: outflow, early, inflow, retired; A, R, Y, lanes])
    into the block's inflow, outflow and early retirement summed over the archetypes in
    years first .. (sums [3, N, R, C, lanes]), in the archetypes' order from 0. The four
    archetypes of the model in one pass over the lanes (15 short loops per year and region
    were ~6 % of the flows kernel), any other number one archetype at a time."""
    n_a, n_r = flowed.shape[1], flowed.shape[2]
    for i in range(sums.shape[1]):
        t = first + i
        for r in range(n_r):
            into, out, gone = sums[0, i, r, c], sums[1, i, r, c], sums[2, i, r, c]
            if n_a == 4:
                _sum_four(flowed[2, 0, r, t], flowed[2, 1, r, t], flowed[2, 2, r, t],
                          flowed[2, 3, r, t], nb, into)
                _sum_four(flowed[0, 0, r, t], flowed[0, 1, r, t], flowed[0, 2, r, t],
                          flowed[0, 3, r, t], nb, out)
                _sum_four(flowed[1, 0, r, t], flowed[1, 1, r, t], flowed[1, 2, r, t],
                          flowed[1, 3, r, t], nb, gone)
                continue
            for b in range(nb):
                into[b] = 0.0
                out[b] = 0.0
                gone[b] = 0.0
            for a in range(n_a):
                x, y, z = flowed[2, a, r, t], flowed[0, a, r, t], flowed[1, a, r, t]
                for b in range(nb):
                    into[b] += x[b]
                    out[b] += y[b]
                    gone[b] += z[b]


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False, inline="always")
def _sum_four(w, x, y, z, nb, out):
    """out = 0 + w + x + y + z, added in that order (the numbers of adding them one by one)."""
    for b in range(nb):
        out[b] = (((0.0 + w[b]) + x[b]) + y[b]) + z[b]


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _component_out(flowed, c, s0, nb, inflow, retired):
    """One component's inflow and retired lanes (flowed [2: inflow, 3: retired; A, R, Y,
    lanes]) into the outputs' rows [S, C, A, Y, R] of samples s0 .., 4 samples at a time
    (8 rows of the outputs written side by side; with 8 samples, 16 rows, the kernel took
    5 % more time, one sample at a time 2-4 % more)."""
    n_a, n_r, n_y = flowed.shape[1], flowed.shape[2], flowed.shape[3]
    for j0 in range(0, nb, 4):
        j1 = min(j0 + 4, nb)
        for a in range(n_a):
            for t in range(n_y):
                for r in range(n_r):
                    into, gone = flowed[2, a, r, t], flowed[3, a, r, t]
                    for j in range(j0, j1):
                        inflow[s0 + j, c, a, t, r] = into[j]
                        retired[s0 + j, c, a, t, r] = gone[j]


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _transpose_into(source, s0, nb, target):
    """target [S, X] rows s0 .. s0 + nb - 1 = source [X, lanes], in blocks that stay in the
    first-level cache (rows of the output lie a multiple of 4 KiB apart and share its
    sets: written 8 at a time element by element, this took twice as long); streamed
    (non-temporal stores: the caller fences)."""
    n_x = source.shape[0]
    for j0 in range(0, nb, 8):
        j1 = min(j0 + 8, nb)
        for x0 in range(0, n_x, 64):
            x1 = min(x0 + 64, n_x)
            for j in range(j0, j1):
                row = target[s0 + j]
                for x in range(x0, x1):
                    _stream(row, x, source[x, j])


@numba.njit(cache=True, error_model="numpy", nogil=True)
def flows(served, driver_of, survival, lifetime_row, kinds, kind, first, inflow, retired,
          inflow_sum, outflow_sum, early_sum):
    """served [S, D, A, Y, R] (the stock each driver serves; component c serves driver
    driver_of[c]) -> inflow and retired (regular outflow + early retirement, what the
    tonnes need) [S, C, A, Y, R] (each column's years and regions together, as the
    tonnes read them), written in place, and inflow, outflow and early
    retirement summed over the archetypes in years first .. first + N - 1 [S, N, R, C]
    (outflow and early apart are kept only for the sums). survival [L, S, ages] per
    lifetime row; lifetime_row [C, A]; the rate the base grew at before the start is
    kinds[kind[c], r] (kinds [G, R]).

    LANES samples at a time, side by side: each column (region, component, archetype) is
    a [Y, lanes] block whose forward substitution is a vector over the lanes (one sample
    at a time, with loops over 10-40 ages, the kernel took ~20 % more time); a lane whose
    stock shrinks faster than its cohorts retire goes on alone (`_sequential_from`). Each
    component's flows are transposed into the outputs when it is done. The numbers are
    those of one column at a time, to the bit: the same operations in the same order (no
    contraction)."""
    n_s, n_c, n_a, n_y, n_r = inflow.shape
    n_ages, n_d = survival.shape[2], served.shape[1]
    n_report = inflow_sum.shape[1]
    if (served.shape != (n_s, n_d, n_a, n_y, n_r) or retired.shape != inflow.shape
            or survival.shape[1] != n_s or n_ages < n_y or lifetime_row.shape != (n_c, n_a)
            or driver_of.shape[0] != n_c or driver_of.min() < 0 or driver_of.max() >= n_d
            or lifetime_row.min() < 0 or lifetime_row.max() >= survival.shape[0]
            or first < 0 or first + n_report > n_y):
        raise ValueError("flows: the arrays' shapes do not agree")   # (no bounds checks)
    for sums_of in (inflow_sum, outflow_sum, early_sum):
        if sums_of.shape != (n_s, n_report, n_r, n_c):
            raise ValueError("flows: the sums' shapes do not agree")
    n_base = n_ages - n_y + 1
    weights = np.exp(-kinds[:, :, None] * np.arange(n_base)[None, None, :])  # [G, R, ages]
    sv_t = np.empty((n_ages, LANES))
    alive = np.empty(LANES, dtype=np.int64)
    # separate arrays: as views of one array (and with _forward reading its inflow back)
    # the kernel took 0.135 s instead of 0.11 s on a 500-sample chunk - views may overlap,
    # so their loops were not vectorised
    sv0, entering, active = np.empty(LANES), np.empty(LANES), np.empty(LANES)
    scale = np.empty(LANES)
    start = np.empty(LANES, dtype=np.int64)
    per_unit = np.empty((n_r, n_y, LANES))
    done = np.empty(n_r, dtype=np.bool_)
    stocks = np.empty((n_d, n_a, n_r, n_y, LANES))
    # each stock's tolerances, once per block: the twelve IT components share driver 0's
    tolerances = np.empty((n_d, n_a, n_r, LANES))
    held = np.empty((n_d, n_a, n_r), dtype=np.bool_)
    surv = np.empty((n_y, LANES))
    flowed = np.empty((4, n_a, n_r, n_y, LANES))     # one component's
    sums = np.empty((3, n_report, n_r, n_c, LANES))
    column = np.empty((5, n_y))
    old = np.empty(n_base)
    for s0 in range(0, n_s, LANES):
        nb = min(LANES, n_s - s0)
        _lanes_transposed(served, s0, nb, stocks)
        for d in range(n_d):
            for a in range(n_a):
                for r in range(n_r):
                    held[d, a, r] = _tolerances(stocks[d, a, r], nb, tolerances[d, a, r])
        for c in range(n_c):
            weight = weights[kind[c]]
            for a0 in range(n_a):
                lifetime = lifetime_row[c, a0]
                new_row = True                       # a0 is the first of its lifetime row
                for a in range(a0):
                    new_row = new_row and lifetime_row[c, a] != lifetime
                if not new_row:
                    continue
                most = _lanes_survival(survival, lifetime, s0, nb, sv_t, alive, sv0)
                done[:] = False
                for a in range(a0, n_a):
                    if lifetime_row[c, a] != lifetime:
                        continue
                    for r in range(n_r):
                        outflow, early, into, leaving = (flowed[0, a, r], flowed[1, a, r],
                                                         flowed[2, a, r], flowed[3, a, r])
                        d = driver_of[c]
                        stock, tolerance = stocks[d, a, r], tolerances[d, a, r]
                        if not held[d, a, r]:
                            flowed[:, a, r, :, :nb] = 0.0
                            continue
                        early[:, :nb] = 0.0
                        if not done[r]:
                            _lanes_base_per_unit(survival, lifetime, s0, nb, alive, weight[r],
                                                 sv_t, per_unit[r])
                            done[r] = True
                        _base_survivors(stock, per_unit[r], nb, scale, surv)
                        _forward(stock, sv_t, sv0, most, tolerance, surv, into, entering,
                                 active, start, nb)
                        _sequential_lanes(survival, lifetime, s0, nb, start, stock, surv,
                                          into, early, scale, weight[r], alive, column, old)
                        _outflows(stock, into, early, nb, outflow, leaving)
            _component_sums(flowed, c, first, nb, sums)
            _component_out(flowed, c, s0, nb, inflow, retired)
        _transpose_into(sums[0].reshape(-1, LANES), s0, nb, inflow_sum.reshape(n_s, -1))
        _transpose_into(sums[1].reshape(-1, LANES), s0, nb, outflow_sum.reshape(n_s, -1))
        _transpose_into(sums[2].reshape(-1, LANES), s0, nb, early_sum.reshape(n_s, -1))
    _fence()


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _bought_terms(mw, first, whole, frac, shares, s, archetype_of, adoption_of, out):
    """Term columns out [K, N, R] of the MW mw [A, Y, R] bought in years first .. first +
    N - 1 (terms.shift): energised `whole` + `frac` years later, split between the two
    whole years around it; none past the last year. Column k is archetype_of[k]'s MW,
    times adoption adoption_of[k]'s share of the cohort (>= 0), all of it (-1) or nothing
    (UNUSED); each column written whole, contiguously (a base column as one vector over
    its years and regions: years and regions together in both)."""
    n_a, n_y, n_r = mw.shape
    n_k, n_report = out.shape[0], out.shape[1]
    keep = 1.0 - frac
    start = first + whole                                   # energised in the first year
    dated = max(0, min(n_report, n_y - start))              # years energised before the end
    split = max(0, min(dated, n_y - start - 1)) if frac != 0.0 else 0   # across two years
    flat_mw = mw.reshape(n_a, n_y * n_r)
    flat_out = out.reshape(n_k, n_report * n_r)
    for k in range(n_k):
        a, j = archetype_of[k], adoption_of[k]
        column = flat_out[k]
        if j == UNUSED:
            column[:] = 0.0
            continue
        if j < 0:
            here = flat_mw[a, start * n_r:(start + dated) * n_r]
            later = flat_mw[a, (start + 1) * n_r:(start + 1 + split) * n_r]
            for x in range(split * n_r):
                column[x] = keep * here[x] + frac * later[x]
            for x in range(split * n_r, dated * n_r):
                column[x] = keep * here[x]
        else:
            for i in range(dated):
                t = start + i
                share = shares[j, s, t]
                if i < split:
                    later_share = shares[j, s, t + 1]
                    for r in range(n_r):
                        out[k, i, r] = (keep * (mw[a, t, r] * share)
                                        + frac * (mw[a, t + 1, r] * later_share))
                else:
                    for r in range(n_r):
                        out[k, i, r] = keep * (mw[a, t, r] * share)
        column[dated * n_r:] = 0.0


@numba.njit(cache=True, error_model="numpy", nogil=True, fastmath=SUMS, _nrt=False)
def _regular_outflow(x, a, hazard, t_end, out, o):
    """Regular retirements out[o, :t_end] of cohorts entering as x[:, a] (terms.outflow, no
    base): out[o, t] = sum_{c <= t} x[c, a] hazard[a, t - c], hazard[a] the archetype's
    (_hazard); each cohort added to the years after it (contiguous vectors that LLVM
    vectorises; each year's sum taken in the order of the cohorts). Rows by index, not as
    views: a view made per call is a counted reference (NRT), ~2 % of the tonnes kernel."""
    for t in range(t_end):
        out[o, t] = 0.0
    for c in range(t_end):
        amount = x[c, a]
        for i in range(t_end - c):
            out[o, c + i] += amount * hazard[a, i]


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _hazard(survival, row, s, out, a):
    """out[a]: the share of a cohort retiring at each age (survival[row, s]): 1 - sv[0],
    then sv[g - 1] - sv[g]."""
    out[a, 0] = 1.0 - survival[row, s, 0]
    for g in range(1, out.shape[1]):
        out[a, g] = survival[row, s, g - 1] - survival[row, s, g]


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False, inline="always")
def _adopts(archetype_of, adoption_of, n_a, a):
    """Whether an adoption column (k >= n_a, not UNUSED) is archetype a's."""
    for k in range(n_a, archetype_of.shape[0]):
        if archetype_of[k] == a and adoption_of[k] != UNUSED:
            return True
    return False


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _retired_terms(inflow, retired_mw, failed, shares, archetype_of, adoption_of, survival,
                   lifetime_row, s, c, first, x, hazard, regular, base, out):
    """Term columns [K, N, R] of what retires from component c (c = C: failed boards) in years
    first .. first + N - 1, each cohort with its own intensity (cohorts.py): the base
    columns are the MW retiring; an adoption column is its new cohorts' regular
    retirements plus the installed base's (what retires beyond the new cohorts' regular
    retirements, at the first year's share). The installed base's retirements are taken
    only for the archetypes an adoption column uses (the long run: one of four)."""
    n_c, n_a, n_y = inflow.shape[1], inflow.shape[2], inflow.shape[3]
    n_k, n_report, n_r = out.shape
    end = first + n_report
    adopted = False
    for k in range(n_a, n_k):
        adopted = adopted or (c < n_c and adoption_of[k] != UNUSED)
    if adopted:
        for a in range(n_a):
            if _adopts(archetype_of, adoption_of, n_a, a):
                _hazard(survival, lifetime_row[c, a], s, hazard, a)
    for r in range(n_r):
        if adopted:
            for a in range(n_a):
                if not _adopts(archetype_of, adoption_of, n_a, a):
                    continue
                for t in range(n_y):
                    x[t, a] = inflow[s, c, a, t, r]
                _regular_outflow(x, a, hazard, end, base, a)
                for t in range(end):
                    base[a, t] = retired_mw[s, c, a, t, r] - base[a, t]
            for k in range(n_a, n_k):
                a, j = archetype_of[k], adoption_of[k]
                if j == UNUSED:
                    continue
                for t in range(n_y):
                    x[t, a] = inflow[s, c, a, t, r] * shares[j, s, t]
                _regular_outflow(x, a, hazard, end, regular, k)
        for k in range(n_k):
            a, j = archetype_of[k], adoption_of[k]
            if c < n_c and j >= 0:
                for i in range(n_report):
                    t = first + i
                    out[k, i, r] = regular[k, t] + base[a, t] * shares[j, s, 0]
    for k in range(n_k):        # the other columns whole, each a contiguous [N, R] block
        a, j = archetype_of[k], adoption_of[k]
        if j == UNUSED:
            out[k] = 0.0
        elif c == n_c:
            for i in range(n_report):
                t = first + i
                share = shares[j, s, t] if j >= 0 else 1.0
                for r in range(n_r):
                    out[k, i, r] = failed[s, a, t, r] * share
        elif j < 0:
            for i in range(n_report):
                t = first + i
                for r in range(n_r):
                    out[k, i, r] = retired_mw[s, c, a, t, r]


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _used_columns(wc, adoption_of, out):
    """out = adoption_of, with UNUSED for the adoption columns whose weights wc [K, M] are
    all zero (an adoption that does not change this component's intensities): their terms
    would be multiplied by zero, so they are not built (the products are the same)."""
    for k in range(adoption_of.shape[0]):
        out[k] = adoption_of[k]
        if adoption_of[k] >= 0:
            zero = True
            for m in range(wc.shape[1]):
                zero = zero and wc[k, m] == 0.0
            if zero:
                out[k] = UNUSED


@numba.njit(cache=True, error_model="numpy", nogil=True)
def _used_materials(w, out):
    """out[c]: the materials any sample's weights of component c use (w [S, C + 1, K, M]),
    first, and how many (returned per component): a component uses a few of the materials
    (a fifth of the weights are not zero), so only those are multiplied."""
    n_c, n_m = w.shape[1], w.shape[3]
    used = np.zeros((n_c, n_m), dtype=np.bool_)
    for s in range(w.shape[0]):          # in memory order: 0.2 ms a chunk, not 1.1 ms
        for c in range(n_c):
            for k in range(w.shape[2]):
                for m in range(n_m):
                    used[c, m] = used[c, m] or w[s, c, k, m] != 0.0
    count = np.zeros(n_c, dtype=np.int64)
    for c in range(n_c):
        for m in range(n_m):
            if used[c, m]:
                out[c, count[c]] = m
                count[c] += 1
    return count


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False, inline="always")
def _write_or_add(row, amount, values, fresh):
    """row = 0 + amount x values where `fresh` (the numbers of adding to zeros: a sum's
    first term, so the sums need no clearing first), else row += amount x values."""
    if fresh:
        for i in range(row.shape[0]):
            row[i] = 0.0 + amount * values[i]
    else:
        _add_scaled(row, amount, values)


@numba.njit(cache=True, error_model="numpy", nogil=True, fastmath=SUMS, _nrt=False)
def _weigh(terms, w, factor, mats, n_mats, out, by_material, fresh):
    """out[j] (out[m] if by_material) += sum_k terms[k] x w[k, m] x factor[m] (m = mats[j],
    j < n_mats): the term columns [K, N x R] times their weights, for the materials used,
    each a contiguous vector over the years and regions (zero weights add nothing). A row
    still `fresh` is written (0 + the product: the numbers of adding to zeros), not added
    to, so the sums need no clearing first; the caller clears the rows nothing wrote."""
    for j in range(n_mats):
        m = mats[j]
        o = m if by_material else j
        for k in range(terms.shape[0]):
            weight = w[k, m] * factor[m]
            if weight != 0.0:
                _write_or_add(out[o], weight, terms[k], fresh[o])
                fresh[o] = False


@numba.njit(cache=True, error_model="numpy", nogil=True)
def _demand(parts, mats, n_mats, it, n_r, row, out):
    """out [N, R, C, M] from each component's used materials parts [C + 1, M, N x R] (the
    failed boards', component C, added to IT's, component it), written in the output's
    order: a row holds every component's materials, so each is written whole, once.
    out [N, 1, C, M]: the same rows summed over the regions, region by region (the sums
    numpy makes summing the regions of the full array); `row` [C, M] holds a region's."""
    n_c = out.shape[2]
    summing = out.shape[1] != n_r
    for n in range(out.shape[0]):
        for r in range(n_r):
            i = n * n_r + r
            into = row if summing else out[n, r]
            for c in range(n_c):
                into[c] = 0.0
                for j in range(n_mats[c]):
                    into[c, mats[c, j]] = parts[c, j, i]
            for j in range(n_mats[n_c]):
                into[it, mats[n_c, j]] += parts[n_c, j, i]
            if summing:
                if r == 0:
                    out[n, 0] = row
                else:
                    out[n, 0] += row


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _gather_add(part, mats, n_mats, factor, out, fresh):
    """out[m] += part[j] x factor[m] (m = mats[j]): a component's used materials [n_mats,
    N x R] into a sum over components by material [M, N x R] (a `fresh` row written)."""
    for j in range(n_mats):
        m = mats[j]
        _write_or_add(out[m], factor[m], part[j], fresh[m])
        fresh[m] = False


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _clear_fresh(sums, fresh):
    """sums[..., :] = 0 where fresh[...] (the rows of a sum no term wrote)."""
    flat_sums = sums.reshape(-1, sums.shape[-1])
    flat_fresh = fresh.reshape(-1)
    for x in range(flat_fresh.shape[0]):
        if flat_fresh[x]:
            flat_sums[x] = 0.0


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _by_material(summed, out, less=None):
    """out [N, R, M] = summed [M, N x R] (transposed into the output's layout), less `less`
    where given (the numbers numpy's subtraction of the two laid-out outputs gives),
    streamed. (numba compiles the two cases apart: `less is None` is known when typed.)"""
    n_r, n_m = out.shape[1], out.shape[2]
    flat = out.reshape(-1)
    for n in range(out.shape[0]):
        for r in range(n_r):
            i = n * n_r + r
            for m in range(n_m):
                if less is None:
                    _stream(flat, i * n_m + m, summed[m, i])
                else:
                    _stream(flat, i * n_m + m, summed[m, i] - less[m, i])


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _by_boundary(by_scope, out):
    """out [N, R, B, M] = by_scope [B, M, N x R] (each boundary's, in the output's layout),
    streamed: a sample's boundaries are one contiguous block, written in order."""
    n_r, n_b, n_m = out.shape[1], out.shape[2], out.shape[3]
    flat = out.reshape(-1)
    x = 0
    for n in range(out.shape[0]):
        for r in range(n_r):
            i = n * n_r + r
            for b in range(n_b):
                for m in range(n_m):
                    _stream(flat, x, by_scope[b, m, i])
                    x += 1


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def _rise(stock, out):
    """out [A, Y, R]: the stock's rise from the year before (0 the first year and where it
    falls; engine._growth's numbers, one sample's)."""
    for a in range(stock.shape[0]):
        for r in range(stock.shape[2]):
            out[a, 0, r] = 0.0
        for t in range(1, stock.shape[1]):
            for r in range(stock.shape[2]):
                out[a, t, r] = max(stock[a, t, r] - stock[a, t - 1, r], 0.0)


@numba.njit(cache=True, error_model="numpy", nogil=True)
def tonnes(inflow, served, driver_of, retired_mw, failed, shares, archetype_of, adoption_of,
           w, lead, scope_of, inside, made, rate, survival, lifetime_row, it, first,
           demand, boundary, grown, retired, secondary, manufacturing, replaced, primary):
    """Material flows of report years first .. first + N - 1 (the outputs' year axis).

    MW [S, C, A, Y, R] (each column's years and regions together): inflow (at
    energisation), retired_mw (regular and early retirements); served [S, D, A, Y, R] each
    driver's stock (component c's: driver_of[c]; its growth, the rise from the year before,
    is taken per sample); failed [S, A, Y, R] IT boards replaced. shares [J, S, Y] each
    adoption's share of the cohorts; term columns K: archetype_of, adoption_of (-1: the
    base). survival [L, S, ages >= Y] per lifetime row, lifetime_row [C, A]. w [S, C + 1,
    K, M] (terms.weights; component C: failed boards); lead [S, C + 1] years; scope_of
    [C + 1] (index into the boundaries' scopes), inside [C + 1] (inside the fence); made
    [S, C + 1, M] manufacturing input per tonne; rate [S, C + 1, M] recovered share of what
    retires.

    Writes demand [S, N, R, C, M] (unless it has no samples; failed boards counted with
    it; [S, N, 1, C, M]: summed over the regions), boundary [S, N, R, 3, M] (each boundary
    holds the scopes inside it), and grown, retired, secondary, manufacturing, replaced
    (the facility's demand less its growth) and primary (less its secondary supply)
    [S, N, R, M] (inside the fence).

    The terms are built column by column ([K, N, R]: each term a contiguous vector over the
    years and regions) and weighed only for the materials the component uses; the sums over
    components are kept by material ([M, N x R]) and laid out as the outputs at the end.
    """
    n_s, n_c, n_a, n_y, n_r = inflow.shape
    n_k, n_m = w.shape[2], w.shape[3]
    n_report, n_scopes = boundary.shape[1], boundary.shape[3]
    by_material = (n_s, n_report, n_r, n_m)
    if (retired_mw.shape != inflow.shape or served.shape[0] != n_s
            or served.shape[2:] != (n_a, n_y, n_r) or failed.shape != (n_s, n_a, n_y, n_r)
            or driver_of.shape[0] != n_c or driver_of.min() < 0
            or driver_of.max() >= served.shape[1]
            or survival.shape[1] != n_s or survival.shape[2] < n_y
            or lifetime_row.shape != (n_c, n_a) or lifetime_row.min() < 0
            or lifetime_row.max() >= survival.shape[0]
            or w.shape[:2] != (n_s, n_c + 1)
            or boundary.shape != (n_s, n_report, n_r, n_scopes, n_m)
            or first < 0 or first + n_report > n_y):
        raise ValueError("tonnes: the arrays' shapes do not agree")   # (no bounds checks)
    for summed_into in (grown, retired, secondary, manufacturing, replaced, primary):
        if summed_into.shape != by_material:
            raise ValueError("tonnes: the outputs' shapes do not agree")
    rows = n_report * n_r
    per_component = demand.shape[0] > 0
    ones = np.ones(n_m)
    mats = np.empty((n_c + 1, n_m), dtype=np.int64)
    n_mats = _used_materials(w, mats)
    terms = np.empty((n_k, n_report, n_r))     # one component's term columns
    flat = terms.reshape(n_k, rows)
    parts = np.empty((n_c + 1, n_m, rows))     # each component's used materials
    by_scope = np.empty((n_scopes, n_m, rows))
    summed = np.empty((4, n_m, rows))          # grown, retired, secondary, manufacturing
    fresh_scope = np.empty((n_scopes, n_m), dtype=np.bool_)
    fresh_sum = np.empty((4, n_m), dtype=np.bool_)
    fresh_part = np.empty(n_m, dtype=np.bool_)
    x = np.empty((n_y, n_a))
    hazard = np.empty((n_a, n_y))
    regular = np.empty((n_k, n_y))          # regular retirements per term column
    base = np.empty((n_a, n_y))             # retirements of the installed base, per archetype
    live = np.empty_like(adoption_of)       # adoption_of, UNUSED where a column weighs nothing
    row = np.empty((n_c, n_m))              # a region's demand, where it is summed over them
    growth = np.empty(served.shape[1:])     # a sample's growth of each driver's stock
    for s in range(n_s):
        # the sums by material start `fresh`: their first term is written, not added to
        # zeros (clearing them took ~3 % of this kernel), and the rows no term wrote are
        # cleared before they are laid out
        fresh_scope[:] = True
        fresh_sum[:] = True
        for d in range(served.shape[1]):     # every driver serves some component
            _rise(served[s, d], growth[d])
        for c in range(n_c + 1):
            whole = int(np.floor(lead[s, c]))
            frac = lead[s, c] - whole
            wc, used, n_used = w[s, c], mats[c], n_mats[c]
            _used_columns(wc, adoption_of, live)
            bought = inflow[s, c] if c < n_c else failed[s]      # [A, Y, R]
            _bought_terms(bought, first, whole, frac, shares, s, archetype_of, live, terms)
            part = parts[c]
            fresh_part[:n_used] = True
            _weigh(flat, wc, ones, used, n_used, part, False, fresh_part)
            _clear_fresh(part[:n_used], fresh_part[:n_used])
            scope = scope_of[c]
            _gather_add(part, used, n_used, ones, by_scope[scope], fresh_scope[scope])
            if not inside[c]:
                continue
            _gather_add(part, used, n_used, made[s, c], summed[3], fresh_sum[3])
            if c < n_c:         # the stock's growth, dated when bought (failed boards: none)
                _bought_terms(growth[driver_of[c]], first, whole, frac, shares, s,
                              archetype_of, live, terms)
                _weigh(flat, wc, ones, used, n_used, summed[0], True, fresh_sum[0])
            _retired_terms(inflow, retired_mw, failed, shares, archetype_of, live,
                           survival, lifetime_row, s, c, first, x, hazard, regular, base,
                           terms)
            _weigh(flat, wc, ones, used, n_used, summed[1], True, fresh_sum[1])
            _weigh(flat, wc, rate[s, c], used, n_used, summed[2], True,
                   fresh_sum[2])
        if per_component:
            _demand(parts, mats, n_mats, it, n_r, row, demand[s])
        # the sample's outputs written from the sums with non-temporal stores (each whole,
        # so nothing needs clearing first)
        _clear_fresh(summed, fresh_sum)
        _clear_fresh(by_scope, fresh_scope)
        for b in range(1, n_scopes):             # each boundary holds the scopes inside it
            by_scope[b] += by_scope[b - 1]
        _by_boundary(by_scope, boundary[s])
        _by_material(summed[0], grown[s])
        _by_material(summed[1], retired[s])
        _by_material(summed[2], secondary[s])
        _by_material(summed[3], manufacturing[s])
        _by_material(by_scope[0], replaced[s], summed[0])
        _by_material(by_scope[0], primary[s], summed[2])
    _fence()


@numba.njit(cache=True, error_model="numpy", nogil=True, _nrt=False)
def capacity_split(total, announced, mix, stock, excess):
    """buildout.capacity_stock's split in one pass (numpy's numbers, its five passes and
    temporaries over the whole chunk took ~3.4 ms of a 500-sample chunk, this ~0.6 ms):
    total [S, Y, R] path, announced [S, Y, R, A], mix [S, Y, A] -> stock [S, Y, R, A] (the
    announced plus the unannounced, the path's room above them kept from year to year,
    split by the mix) and excess [S, Y, R] (announced above the path, beyond float noise).
    Sums and maxima as numpy takes them: the archetypes added in order from the first, a
    maximum keeping its first argument when equal."""
    n_s, n_y, n_r, n_a = announced.shape
    for s in range(n_s):
        for r in range(n_r):
            kept = 0.0
            for y in range(n_y):
                at = announced[s, y, r, 0]
                for a in range(1, n_a):
                    at = at + announced[s, y, r, a]
                room = total[s, y, r] - at
                room = room if room >= 0.0 else 0.0
                kept = room if y == 0 or room > kept else kept
                over = (at + kept) - total[s, y, r]
                excess[s, y, r] = over if over > 1e-6 * total[s, y, r] else 0.0
                for a in range(n_a):
                    stock[s, y, r, a] = announced[s, y, r, a] + kept * mix[s, y, a]


@numba.njit(cache=True, error_model="numpy", nogil=True)
def announced(first, full, region, archetype, capacity, delay, years, out):
    """out [S, Y, R, A] += each project's capacity [S, P] times its share in service each
    year (buildout.ramp's: linear from its first to its full year [P], both slipped by
    delay [S, P]), in its region and archetype [P], project after project: numpy's numbers
    without a pass over the whole [S, Y] for each project and step (a run adds ~60
    projects in every chunk)."""
    n_s, n_p = capacity.shape
    if (delay.shape != capacity.shape or first.shape[0] != n_p or full.shape[0] != n_p
            or region.shape[0] != n_p or archetype.shape[0] != n_p
            or out.shape[:2] != (n_s, years.shape[0])
            or (n_p > 0 and (region.min() < 0 or region.max() >= out.shape[2]
                             or archetype.min() < 0 or archetype.max() >= out.shape[3]))):
        raise ValueError("announced: the arrays' shapes do not agree")   # (no bounds checks)
    for p in range(n_p):
        r, a = region[p], archetype[p]
        for s in range(n_s):
            start = first[p] + delay[s, p]
            steps = (full[p] + delay[s, p]) - start + 1
            amount, ramped = capacity[s, p], steps > 0.0
            for y in range(years.shape[0]):
                done = years[y] - start + 1
                if ramped and done <= 0.0:          # not begun: a share of 0 adds 0
                    continue
                # in full, a share of 1 without the division (the same product)
                share = 1.0 if ramped and done >= steps else min(max(done / steps, 0.0), 1.0)
                out[s, y, r, a] += amount * share


@numba.njit(cache=True, error_model="numpy", nogil=True)
def triangular(u, c, safe, low, mode, spread, out):
    """out [S, P] = scipy.stats.triang's inverse at quantiles u [S] of P triangles (the
    mode's place c in the span, the span `safe`, low [P]; the mode where there is no span):
    the same operations as numpy's expression of it, so the same numbers to the bit,
    without its ten temporaries (a run draws ~250 triangular parameters per chunk, some
    500 x 60 values each). One square root per value, of the side the quantile falls on,
    and a loop over the triangles that vectorises: ~1.3 ns a value, 2.2 ns as a ufunc."""
    for s in range(u.shape[0]):
        q, row = u[s], out[s]
        for j in range(c.shape[0]):
            below = q < c[j]
            root = math.sqrt(c[j] * q if below else (1.0 - c[j]) * (1.0 - q))
            value = (root if below else 1.0 - root) * safe[j] + low[j]
            row[j] = value if spread[j] else mode[j]


def warm_up() -> None:
    """Compile every kernel for the argument types the engine passes (or load them from
    numba's cache beside this module): compiling takes ~20 s, loading ~0.3 s, and a first
    run should not be the one that pays for it (the test session calls this first)."""
    s, y, r, c, a, m, ages = 1, 3, 1, 2, 1, 2, 4
    rng = np.random.default_rng(0)
    served = rng.uniform(1, 2, (s, y, r, c, a))
    survival = np.ones((1, s, ages))
    row = np.zeros((c, a), dtype=np.int64)
    flowed = [np.empty((s, c, a, y, r)) for _ in range(2)]     # inflow, retired
    driver_of = np.zeros(c, dtype=np.int64)
    by_driver = np.ascontiguousarray(served[:, :, :, :1].transpose(0, 3, 4, 1, 2))
    flows(by_driver, driver_of, survival, row, np.zeros((2, r)),
          np.zeros(c, dtype=np.int64), 1, *flowed, *np.empty((3, s, y - 1, r, c)))
    k = a + 1
    tonnes(flowed[0], by_driver, driver_of, flowed[1], np.ones((s, a, y, r)),
           np.ones((1, s, y)),
           np.array([0, 0], dtype=np.int64), np.array([-1, 0], dtype=np.int64),
           np.ones((s, c + 1, k, m)), np.zeros((s, c + 1)), np.zeros(c + 1, dtype=np.int64),
           np.ones(c + 1, dtype=np.bool_), np.ones((s, c + 1, m)), np.ones((s, c + 1, m)),
           survival, row, 0, 1, np.empty((s, y - 1, r, c, m)), np.empty((s, y - 1, r, 3, m)),
           *(np.empty((s, y - 1, r, m)) for _ in range(6)))
    sequential_rows(np.ones((1, y)), np.ones((1, ages)), np.ones((1, 2)), np.zeros((1, y)),
                    np.ones(1, dtype=np.int64))
    announced(np.ones(1), np.ones(1), np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64),
              np.ones((s, 1)), np.zeros((s, 1)), np.arange(y, dtype=np.float64),
              np.zeros((s, y, r, a)))
    capacity_split(np.broadcast_to(np.ones((s, y, r)), (s, y, r)), np.zeros((s, y, r, a)),
                   np.broadcast_to(np.ones((s, a, y)).transpose(0, 2, 1), (s, y, a)),
                   np.empty((s, y, r, a)), np.empty((s, y, r)))
    triangular(np.zeros(2), np.ones(1), np.ones(1), np.zeros(1), np.zeros(1),
               np.ones(1, dtype=np.bool_), np.empty((2, 1)))
    gamma.evaluate(np.full(2, 0.5), -1.0, 1.0, np.ones((2, 3)), np.empty(2))
