"""The engine's two hot loops, compiled (numba), one sample at a time.

`flows`: every component's stock-driven cohort model (stock.py's mathematics, solved by
forward substitution year by year, so a row whose stock shrinks faster than its cohorts
retire switches to retiring the oldest cohorts early at the year it happens).

`tonnes`: the material flows from the MW flows, through MW terms (terms.py's mathematics: a
cohort's intensity is the base plus each adoption's share of that cohort times the adoption's
difference): dated by lead time, convolved with survival and multiplied by the intensities
in one pass per sample, written straight into report-year outputs.

Why compiled loops rather than numpy: the arrays of one sample are small (40 years x 5
regions x 5 term columns), so numpy spent its time in per-call overhead and in temporaries
the size of the whole chunk; here nothing larger than a sample's outputs is ever allocated.
The numpy versions stay as the reference the tests hold these to (stock.stock_driven,
engine._general_tonnes).

Compiled on first use and cached beside this module (numba's `cache=True`).
"""

from __future__ import annotations

import numba
import numpy as np

# sums may be reordered (vectorised); no assumption about NaN, infinity or signed zeros
SUMS = {"reassoc", "contract"}
NEGATIVE_TOLERANCE = 1e-9  # an inflow below -this x the row's largest stock: the stock shrinks
ALIVE = 1e-12  # survival below this carries no stock (ages nobody reaches are skipped)


@numba.njit(cache=True, nogil=True)
def _alive(sv):
    """How many ages (from 0) carry stock: survival falls with age, so none after them."""
    for a in range(sv.shape[0]):
        if sv[a] < ALIVE:
            return a
    return sv.shape[0]


@numba.njit(cache=True, nogil=True, fastmath=SUMS)
def _base_per_unit(sv, alive, growth, n_base, out):
    """What of the installed base survives at each year, per unit of entry of its youngest
    cohort (stock.initial_base): out[t] = sum_a exp(-growth a) sv[a + t]."""
    weight = np.empty(n_base)
    for a in range(n_base):
        weight[a] = np.exp(-growth * a)
    for t in range(out.shape[0]):
        total = 0.0
        for a in range(min(n_base, alive - t)):
            total += weight[a] * sv[a + t]
        out[t] = total


@numba.njit(cache=True, nogil=True)
def _retire_oldest(excess, sv, old, new, t):
    """Take `excess` from the cohorts in service at year t, oldest first (the base by
    descending age, then the model years' cohorts), scaling each taken cohort down."""
    for a in range(old.shape[0] - 1, -1, -1):
        if excess <= 0.0:
            return
        alive = old[a] * sv[t + a]
        if alive > 0.0:
            taken = min(excess, alive)
            old[a] *= 1.0 - taken / alive
            excess -= taken
    for c in range(t):
        if excess <= 0.0:
            return
        alive = new[c] * sv[t - c]
        if alive > 0.0:
            taken = min(excess, alive)
            new[c] *= 1.0 - taken / alive
            excess -= taken


@numba.njit(cache=True, nogil=True, fastmath=SUMS)
def _sequential_from(t0, stock, sv, alive, old, new, inflow, early):
    """Years t0.. of a row whose stock shrinks faster than its cohorts retire (stock.py):
    cohorts kept as entry amounts, `old` the base by age and `new` the model years' (new[c]
    for c < t0 given); each year what the stock needs beyond the survivors enters, and an
    excess of survivors is retired early, oldest first. Writes inflow and early from t0."""
    for t in range(t0, stock.shape[0]):
        need = stock[t]
        for a in range(min(old.shape[0], alive - t)):
            need -= old[a] * sv[t + a]
        for c in range(t):
            need -= new[c] * sv[t - c]
        early[t] = 0.0
        if need < 0.0:
            _retire_oldest(-need, sv, old, new, t)
            early[t] = -need
        new[t] = max(need, 0.0) / sv[0]
        inflow[t] = new[t]


@numba.njit(cache=True, nogil=True)
def sequential_rows(stock, survival, old, new, start):
    """stock._sequential's rows [N, T]: each from its own start year; `old` [N, A0] and `new`
    [N, T] (given before start) are scaled in place. Returns (inflow, early) [N, T]."""
    inflow = new.copy()
    early = np.zeros(stock.shape)
    for i in range(stock.shape[0]):
        _sequential_from(start[i], stock[i], survival[i], _alive(survival[i]), old[i], new[i],
                         inflow[i], early[i])
    return inflow, early


@numba.njit(cache=True, nogil=True, fastmath=SUMS)
def _solve_row(stock, sv, alive, growth, per_unit, old, new, inflow, outflow, early):
    """One row's stock-driven model (stock.stock_driven with an initial base): index 0 is the
    base in service, of the stable age structure of growth `growth` (`per_unit`: what of it
    survives, _base_per_unit). Forward substitution year by year, exact while the stock
    needs no negative inflow; from the first year it would, `_sequential_from`. Writes
    inflow, outflow, early retirement for every year; `old`, `new`: scratch."""
    n = stock.shape[0]
    scale = stock[0] / per_unit[0] if per_unit[0] > 0.0 else 0.0
    largest = 0.0
    for t in range(n):
        largest = max(largest, stock[t])
    tolerance = -NEGATIVE_TOLERANCE * max(largest, 1e-300)
    inflow[:] = 0.0
    early[:] = 0.0
    for t in range(1, n):
        need = stock[t] - scale * per_unit[t]
        for c in range(1, t):
            need -= inflow[c] * sv[t - c]
        if need / sv[0] < tolerance:
            for a in range(old.shape[0]):
                old[a] = scale * np.exp(-growth * a)
            new[:t] = inflow[:t]
            _sequential_from(t, stock, sv, alive, old, new, inflow, early)
            break
        inflow[t] = need / sv[0]
    outflow[0] = 0.0
    for t in range(1, n):
        outflow[t] = stock[t - 1] - stock[t] + inflow[t] - early[t]


@numba.njit(cache=True, nogil=True)
def flows(served, survival, lifetime_row, kinds, kind, inflow, outflow, early):
    """served [S, Y, R, C, A] (the stock each component serves) -> inflow, outflow, early
    [S, Y, R, C, A], written in place. survival [L, S, ages] per lifetime row;
    lifetime_row [C, A]; growth [C, R] the rate the base grew at before the start, one of
    `kinds` [G, R] (what the base survives depends only on lifetime row, kind and region, so
    it is computed once a sample for each: `kind` [C] says which a component has)."""
    n_s, n_y, n_r, n_c, n_a = served.shape
    n_base = survival.shape[2] - n_y + 1
    stock = np.empty(n_y)
    per_unit = np.empty((survival.shape[0], kinds.shape[0], n_r, n_y))
    done = np.zeros((survival.shape[0], kinds.shape[0], n_r), dtype=np.bool_)
    old, new = np.empty(n_base), np.empty(n_y)
    row_in, row_out, row_early = np.empty(n_y), np.empty(n_y), np.empty(n_y)
    for s in range(n_s):
        done[:] = False
        for c in range(n_c):
            for a in range(n_a):
                row, g = lifetime_row[c, a], kind[c]
                sv = survival[row, s]
                if sv[0] <= 0.0:
                    raise ValueError("survival: a cohort must survive its first half year")
                alive = _alive(sv)
                for r in range(n_r):
                    if not done[row, g, r]:
                        _base_per_unit(sv, alive, kinds[g, r], n_base, per_unit[row, g, r])
                        done[row, g, r] = True
                    for t in range(n_y):
                        stock[t] = served[s, t, r, c, a]
                    _solve_row(stock, sv, alive, kinds[g, r], per_unit[row, g, r], old, new,
                               row_in, row_out, row_early)
                    for t in range(n_y):
                        inflow[s, t, r, c, a] = row_in[t]
                        outflow[s, t, r, c, a] = row_out[t]
                        early[s, t, r, c, a] = row_early[t]


@numba.njit(cache=True, nogil=True)
def _add_terms(x, t, shares, s, archetype_of, adoption_of, weight, out):
    """out[k] += weight x the term column k of MW x [Y, A] at year t: the archetype's MW,
    times its adoption's share of the cohort of year t for the adoption columns."""
    for k in range(out.shape[0]):
        j = adoption_of[k]
        value = x[t, archetype_of[k]]
        if j >= 0:
            value *= shares[j, s, t]
        out[k] += weight * value


@numba.njit(cache=True, nogil=True)
def _bought_terms(x, r, first, whole, frac, shares, s, archetype_of, adoption_of, out):
    """Terms [N, R, K] of region r's MW x [Y, A] bought in years first .. first + N - 1
    (terms.shift): energised `whole` + `frac` years later, split between the two whole
    years around it; none past the last year."""
    n_y = x.shape[0]
    for i in range(out.shape[0]):
        row = out[i, r]
        row[:] = 0.0
        t = first + i + whole
        if t < n_y:
            _add_terms(x, t, shares, s, archetype_of, adoption_of, 1.0 - frac, row)
        if t + 1 < n_y and frac != 0.0:
            _add_terms(x, t + 1, shares, s, archetype_of, adoption_of, frac, row)


@numba.njit(cache=True, nogil=True)
def _times(terms, w, out):
    """out [N, R, M] = terms [N, R, K] @ w [K, M] (one BLAS product)."""
    n, r, k = terms.shape
    np.dot(terms.reshape(n * r, k), w, out.reshape(n * r, w.shape[1]))


@numba.njit(cache=True, nogil=True, fastmath=SUMS)
def _regular_outflow(x, hazard, t_end, out):
    """Regular retirements [t_end] of cohorts entering as x [Y] (terms.outflow, no base):
    out[t] = sum_{c <= t} x[c] hazard[t - c], hazard[0] = 1 - sv[0], hazard[g] =
    sv[g - 1] - sv[g]."""
    for t in range(t_end):
        total = 0.0
        for c in range(t + 1):
            total += x[c] * hazard[t - c]
        out[t] = total


@numba.njit(cache=True, nogil=True)
def _hazard(sv, out):
    """Share of a cohort retiring at each age: 1 - sv[0], then sv[g - 1] - sv[g]."""
    out[0] = 1.0 - sv[0]
    for g in range(1, out.shape[0]):
        out[g] = sv[g - 1] - sv[g]


@numba.njit(cache=True, nogil=True)
def _retired_terms(inflow, retired_mw, failed, shares, archetype_of, adoption_of, survival,
                   lifetime_row, s, c, first, x, hazard, regular, base, out):
    """Terms [N, R, K] of what retires from component c (c = C: failed boards) in years
    first .. first + N - 1, each cohort with its own intensity (cohorts.py): the base
    columns are the MW retiring; an adoption column is its new cohorts' regular
    retirements plus the installed base's (what retires beyond the new cohorts' regular
    retirements, at the first year's share)."""
    n_y, n_a, n_c = inflow.shape[1], inflow.shape[4], inflow.shape[3]
    n_report, n_r, n_k = out.shape
    end = first + n_report
    adopted = c < n_c and n_k > n_a
    if adopted:
        for a in range(n_a):
            _hazard(survival[lifetime_row[c, a], s], hazard[a])
    for r in range(n_r):
        if adopted:
            for a in range(n_a):
                for t in range(n_y):
                    x[t, a] = inflow[s, t, r, c, a]
                _regular_outflow(x[:, a], hazard[a], end, base[a])
                for t in range(end):
                    base[a, t] = retired_mw[s, t, r, c, a] - base[a, t]
            for k in range(n_a, n_k):
                a, j = archetype_of[k], adoption_of[k]
                for t in range(n_y):
                    x[t, a] = inflow[s, t, r, c, a] * shares[j, s, t]
                _regular_outflow(x[:, a], hazard[a], end, regular[k])
        for i in range(n_report):
            t = first + i
            for k in range(n_k):
                a, j = archetype_of[k], adoption_of[k]
                if c == n_c:
                    out[i, r, k] = failed[s, t, r, a] * (shares[j, s, t] if j >= 0 else 1.0)
                elif j < 0:
                    out[i, r, k] = retired_mw[s, t, r, c, a]
                else:
                    out[i, r, k] = regular[k, t] + base[a, t] * shares[j, s, 0]


@numba.njit(cache=True, nogil=True, fastmath=SUMS)
def _accumulate(part, out, factor):
    """out [N, R, M] += part [N, R, M] x factor [M]."""
    n, r, m = part.shape
    for i in range(n):
        for j in range(r):
            for k in range(m):
                out[i, j, k] += part[i, j, k] * factor[k]


@numba.njit(cache=True, nogil=True)
def tonnes(inflow, growth, retired_mw, failed, shares, archetype_of, adoption_of, w, lead,
           scope_of, inside, made, rate, survival, lifetime_row, it, first,
           demand, boundary, grown, retired, secondary, manufacturing):
    """Material flows of report years first .. first + N - 1 (the outputs' year axis).

    MW [S, Y, R, C, A]: inflow (at energisation), growth (of the stock), retired_mw (regular
    and early retirements); failed [S, Y, R, A] IT boards replaced. shares [J, S, Y] each
    adoption's share of the cohorts; term columns K: archetype_of, adoption_of (-1: the
    base). w [S, C + 1, K, M] (terms.weights; component C: failed boards); lead [S, C + 1]
    years; scope_of [C + 1] (index into the boundaries' scopes), inside [C + 1] (inside the
    fence); made [S, C + 1, M] manufacturing input per tonne; rate [S, C + 1, M] recovered
    share of what retires.

    Writes demand [S, N, R, C, M] (unless it has no samples; failed boards counted with
    it), boundary [S, N, R, 3, M] (each boundary holds the scopes inside it), and grown,
    retired, secondary, manufacturing [S, N, R, M] (inside the fence).
    """
    n_s, n_y, n_r, n_c, n_a = inflow.shape
    n_k, n_m = w.shape[2], w.shape[3]
    n_report = boundary.shape[1]
    per_component = demand.shape[0] > 0
    ones = np.ones(n_m)
    terms = np.empty((n_report, n_r, n_k))
    part = np.empty((n_report, n_r, n_m))
    by_scope = np.empty((boundary.shape[3], n_report, n_r, n_m))
    x = np.empty((n_y, n_a))
    hazard = np.empty((n_a, n_y))
    regular = np.empty((n_k, n_y))          # regular retirements per term column
    base = np.empty((n_a, n_y))             # retirements of the installed base, per archetype
    for s in range(n_s):
        by_scope[:] = 0.0
        grown[s] = 0.0
        retired[s] = 0.0
        secondary[s] = 0.0
        manufacturing[s] = 0.0
        for c in range(n_c + 1):
            whole = int(np.floor(lead[s, c]))
            frac = lead[s, c] - whole
            wc = w[s, c]
            for r in range(n_r):                 # bought: demand
                for t in range(n_y):
                    for a in range(n_a):
                        x[t, a] = inflow[s, t, r, c, a] if c < n_c else failed[s, t, r, a]
                _bought_terms(x, r, first, whole, frac, shares, s, archetype_of,
                              adoption_of, terms)
            _times(terms, wc, part)
            if per_component:
                if c < n_c:
                    demand[s, :, :, c] = part
                else:
                    _accumulate(part, demand[s, :, :, it], ones)
            _accumulate(part, by_scope[scope_of[c]], ones)
            if not inside[c]:
                continue
            _accumulate(part, manufacturing[s], made[s, c])
            if c < n_c:                          # the stock's growth, dated when bought
                for r in range(n_r):
                    for t in range(n_y):
                        for a in range(n_a):
                            x[t, a] = growth[s, t, r, c, a]
                    _bought_terms(x, r, first, whole, frac, shares, s, archetype_of,
                                  adoption_of, terms)
                _times(terms, wc, part)
                _accumulate(part, grown[s], ones)
            _retired_terms(inflow, retired_mw, failed, shares, archetype_of, adoption_of,
                           survival, lifetime_row, s, c, first, x, hazard, regular, base, terms)
            _times(terms, wc, part)
            _accumulate(part, retired[s], ones)
            _accumulate(part, secondary[s], rate[s, c])
        for b in range(by_scope.shape[0]):       # each boundary holds the scopes inside it
            if b > 0:
                _accumulate(by_scope[b - 1], by_scope[b], ones)
            boundary[s, :, :, b] = by_scope[b]


def warm_up() -> None:
    """Compile every kernel for the argument types the engine passes (or load them from
    numba's cache beside this module): compiling takes ~20 s, loading ~0.3 s, and a first
    run should not be the one that pays for it (the test session calls this first)."""
    s, y, r, c, a, m, ages = 1, 3, 1, 2, 1, 2, 4
    rng = np.random.default_rng(0)
    served = rng.uniform(1, 2, (s, y, r, c, a))
    survival = np.ones((1, s, ages))
    row = np.zeros((c, a), dtype=np.int64)
    flowed = [np.empty(served.shape) for _ in range(3)]
    flows(served, survival, row, np.zeros((2, r)), np.zeros(c, dtype=np.int64), *flowed)
    k = a + 1
    tonnes(*flowed, np.ones((s, y, r, a)), np.ones((1, s, y)),
           np.array([0, 0], dtype=np.int64), np.array([-1, 0], dtype=np.int64),
           np.ones((s, c + 1, k, m)), np.zeros((s, c + 1)), np.zeros(c + 1, dtype=np.int64),
           np.ones(c + 1, dtype=np.bool_), np.ones((s, c + 1, m)), np.ones((s, c + 1, m)),
           survival, row, 0, 1, np.empty((s, y - 1, r, c, m)), np.empty((s, y - 1, r, 3, m)),
           *(np.empty((s, y - 1, r, m)) for _ in range(4)))
    sequential_rows(np.ones((1, y)), np.ones((1, ages)), np.ones((1, 2)), np.zeros((1, y)),
                    np.ones(1, dtype=np.int64))
