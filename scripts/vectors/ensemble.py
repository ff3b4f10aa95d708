"""Vectors for `ensemble`, computed by definition.

Components come from the other references in this folder (zscore.py, ewma.py, seasonal.py with 8 seasons and
2 neighbours), each at sensitivity 1, plus the change component: zscore.py over the last changeWindow changes
d_i = x_i − previous valid value, as e = previous + mean change, s = their std, weight u = 1.5 (others 1).
For each valid point: f(y) = mean over components with a positive spread s_c of u_c·|y − e_c|/s_c;
expected = the weighted median of e_c (weights u_c/s_c, found by sorting); raw = f(x). Calibration: a_j = mean of
the last shortWindow raws, threshold T = max(k·max(previous longWindow a-values), 3.55) once minHistory a-values exist (each a-value enters that
history clipped at the T in force when it arrived; the max is a plain max over the list slice),
r* = shortWindow·T − sum of the previous shortWindow − 1 raws, and lower/upper are the roots of
f(y) = r* found with scipy.optimize.brentq on each side of expected (no piecewise-linear walking as in the
TS/Go code). Scoring per docs/detection-contract.md in common.py.
"""

import math

import numpy as np
from scipy.optimize import brentq

import ewma
import seasonal
import zscore
from common import vector_case, outputs, score_against_band, series, standard_error_cases, standard_inputs, SCORE_CAP, write

DEFAULTS = {"window": 360, "period": 0, "shortWindow": 1, "longWindow": 1000, "changeWindow": 3000,
            "minHistory": 30, "sensitivity": 1.15, "direction": "both", "minConsecutive": 1}
MIN_THRESHOLD = 3.55
CHANGE_WEIGHT = 1.5


def decoded(out):
    return {k: np.array([np.nan if x == "NaN" else x for x in out[k]], float)
            for k in ("expected", "lower", "upper")}


def band(out, weight=1.0):
    d = decoded(out)
    return {"expected": d["expected"], "spread": d["upper"] - d["expected"], "weight": weight}


def change(v, window):
    """x_i − previous valid value, scored by zscore over `window` changes, as a band around the previous value."""
    previous = np.full(len(v), np.nan)
    last = np.nan
    for i, x in enumerate(v):
        previous[i] = last
        if not math.isnan(x):
            last = x
    d = decoded(zscore.reference(v - previous, window, 1.0))
    return {"expected": previous + d["expected"], "spread": d["upper"] - d["expected"], "weight": CHANGE_WEIGHT}


def components(t, v, window, period, change_window):
    parts = [
        zscore.reference(v, window, 1.0),
        ewma.reference(v, max(1, window / 4), 1.0),
    ]
    warm = max(p["warmup"] for p in parts)
    parts = [band(p) for p in parts] + [change(v, change_window)]
    if period > 0:
        parts.append(band(seasonal.reference(t, v, {**seasonal.DEFAULTS, "period": period, "seasons": 8,
                                                     "neighbours": 2, "sensitivity": 1.0})))
    return parts, warm


def reference(t, v, p):
    v = np.asarray(v, float)
    n = len(v)
    short, long_, k = p["shortWindow"], p["longWindow"], p["sensitivity"]
    parts, warmup = components(t, v, p["window"], p["period"], p["changeWindow"])
    expected = np.full(n, np.nan)
    lower = np.full(n, np.nan)
    upper = np.full(n, np.nan)
    raws, avals = [], []
    for i in range(n):
        x = v[i]
        if math.isnan(x):
            continue
        active, flat = [], []
        for c in parts:
            e = c["expected"][i]
            if math.isnan(e):
                continue
            s = c["spread"][i]
            (active if s > 0 else flat).append((e, s, c["weight"]))
        if not active and not flat:
            continue
        if active:
            es = np.array([e for e, _, _ in active])
            ss = np.array([s for _, s, _ in active])
            us = np.array([u for _, _, u in active])

            def f(y, es=es, ss=ss, us=us):
                return float(np.mean(us * np.abs(y - es) / ss))

            order = np.argsort(es, kind="stable")
            w = us[order] / ss[order]
            centre = float(es[order][np.searchsorted(np.cumsum(w) * 2, w.sum())])
            raw = f(x)
        else:
            centre = float(np.mean([e for e, _, _ in flat]))
            raw = 0.0 if x == centre else SCORE_CAP
        warm = len(avals) >= p["minHistory"]
        if warm:
            threshold = max(k * max(avals[-long_:]), MIN_THRESHOLD)
        if warm and len(raws) >= short - 1:
            prev = sum(raws[-(short - 1):]) if short > 1 else 0.0
            need = short * threshold - prev
            expected[i] = centre
            if not active or need <= f(centre):
                lower[i] = upper[i] = centre
            else:
                reach = need * len(es) / np.sum(us / ss) + 1.0
                tol = 1e-13 * max(1.0, abs(centre))
                upper[i] = brentq(lambda y: f(y) - need, centre, es.max() + reach, xtol=tol)
                lower[i] = brentq(lambda y: f(y) - need, es.min() - reach, centre, xtol=tol)
        raws.append(raw)
        if len(raws) >= short:
            a = float(np.mean(raws[-short:]))
            avals.append(min(a, threshold) if warm else a)
    score, anomaly = score_against_band(v, expected, lower, upper, p["direction"], p["minConsecutive"])
    return outputs(expected, lower, upper, score, anomaly, warmup + short - 1 + p["minHistory"])


def case(name, t, v, params, tolerance=None):
    return vector_case(name, params, series(t, v), reference(t, v, {**DEFAULTS, **params}), tolerance)


def doc_example():
    t = [i * 60000 for i in range(80)]
    v = [10 + (0.5 if i % 2 else -0.5) + (8 if i == 70 else 0) for i in range(80)]
    return t, v


def main():
    inputs = standard_inputs()
    t, v = doc_example()
    cases = [case("doc_example", t, v, {"window": 20, "shortWindow": 1, "longWindow": 40})]
    for name, (t, v) in inputs.items():
        cases.append(case(name, t, v, {"window": 30}))
    for name in ("seasonal", "seasonal_spike"):
        t, v = inputs[name]
        cases.append(case(f"{name}_with_period", t, v, {"window": 30, "period": 1440}))
    t, v = inputs["spikes"]
    cases.append(case("spikes_default_params", t, v, {}))
    cases.append(case("spikes_short_window_5", t, v, {"window": 30, "shortWindow": 5}))
    cases.append(case("spikes_long_window_20", t, v, {"window": 30, "longWindow": 20}))
    cases.append(case("spikes_direction_up", t, v, {"window": 30, "direction": "up"}))
    cases.append(case("spikes_direction_down", t, v, {"window": 30, "direction": "down"}))
    cases.append(case("spikes_sensitivity_2", t, v, {"window": 30, "sensitivity": 2}))
    cases.append(case("spikes_change_window_50", t, v, {"window": 30, "changeWindow": 50}))
    cases.append(case("spikes_min_history_60", t, v, {"window": 30, "minHistory": 60}))
    t, v = inputs["nan_gaps"]
    cases.append(case("nan_gaps_change_window_50", t, v, {"window": 30, "changeWindow": 50}))
    t, v = inputs["seasonal_spike"]
    cases.append(case("seasonal_spike_change_window_50_period", t, v,
                      {"window": 30, "changeWindow": 50, "period": 1440}))
    t, v = inputs["level_shift"]
    cases.append(case("level_shift_min_consecutive_3", t, v, {"window": 30, "minConsecutive": 3}))
    # Values near 1e9 carry ~1e-7 absolute precision; the band's roots agree to that, not to 1e-9.
    t, v = inputs["normal"]
    cases.append(case("large_offset", t, 1e9 + v, {"window": 30}, {"abs": 1e-5, "rel": 1e-7}))
    cases += standard_error_cases(
        {"window": 30},
        [{"window": 3}, {"window": 30.5}, {"period": -1}, {"period": 30}, {"shortWindow": 0},
         {"longWindow": 5}, {"changeWindow": 5}, {"minHistory": 0}, {"sensitivity": "high"}],
    )
    check(cases)
    write("ensemble", __doc__.strip().replace("\n", " "), cases)


def check(cases):
    """The cases must mean something: spikes flagged, flat series quiet with a zero-width band."""
    by = {c["name"]: c["expected"] for c in cases}
    flagged = [i for i, a in enumerate(by["spikes"]["anomaly"]) if a]
    assert {150, 190, 220} <= set(flagged), flagged
    assert not any(by["constant"]["anomaly"])
    assert all(lo == hi for lo, hi in zip(by["constant"]["lower"], by["constant"]["upper"]) if lo != "NaN")
    assert by["constant_then_step"]["anomaly"][200]
    with_change = [i for i, a in enumerate(by["spikes_change_window_50"]["anomaly"]) if a]
    assert {150, 190, 220} <= set(with_change), with_change
    assert by["seasonal_spike_change_window_50_period"]["anomaly"][200]
    print("spikes flagged at", flagged, "; normal flagged at", [i for i, a in enumerate(by["normal"]["anomaly"]) if a])


if __name__ == "__main__":
    main()
