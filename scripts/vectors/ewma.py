"""Vectors for `ewma`, computed with pandas: over the valid points only, `Series.ewm(alpha, adjust=False)`
`.mean()` and `.var(bias=False)` shifted by one point (the band at a point uses the points before it: causal and
self-excluding), with alpha = 1 - exp(-ln 2 / halfLife) and a warm-up of max(2, ceil(halfLife)) valid points."""

import math

import numpy as np
import pandas as pd

from common import vector_case, outputs, score_against_band, series, standard_error_cases, standard_inputs, write


def warmup(half_life):
    return max(2, math.ceil(half_life))


def reference(v, half_life, sensitivity=3.0, direction="both", min_consecutive=1):
    v = np.asarray(v, float)
    alpha = -np.expm1(-np.log(2.0) / half_life)
    w = warmup(half_life)
    expected = np.full(len(v), np.nan)
    spread = np.full(len(v), np.nan)
    valid_idx = np.flatnonzero(~np.isnan(v))
    ew = pd.Series(v[valid_idx]).ewm(alpha=alpha, adjust=False)
    # Position j holds the statistics of valid points 0..j-1: the state before point j.
    mean_before = ew.mean().shift(1).to_numpy()
    std_before = np.sqrt(ew.var(bias=False).shift(1).to_numpy())
    expected[valid_idx[w:]] = mean_before[w:]
    spread[valid_idx[w:]] = std_before[w:]
    lower = expected - sensitivity * spread
    upper = expected + sensitivity * spread
    score, anomaly = score_against_band(v, expected, lower, upper, direction, min_consecutive)
    return outputs(expected, lower, upper, score, anomaly, w)


def case(name, t, v, params, tolerance=None):
    p = {"halfLife": 30.0, "sensitivity": 3.0, "direction": "both", "minConsecutive": 1, **params}
    out = reference(v, p["halfLife"], p["sensitivity"], p["direction"], p["minConsecutive"])
    return vector_case(name, params, series(t, v), out, tolerance)


def main():
    inputs = standard_inputs()
    cases = [case("doc_example", [0, 1, 2, 3, 4, 5], [2, 1, 2, 1, 2, 10], {"halfLife": 2, "sensitivity": 2})]
    for name, (t, v) in inputs.items():
        cases.append(case(name, t, v, {}))
    t, v = inputs["spikes"]
    cases.append(case("spikes_direction_up", t, v, {"direction": "up"}))
    cases.append(case("spikes_direction_down", t, v, {"direction": "down"}))
    cases.append(case("spikes_half_life_1", t, v, {"halfLife": 1}))
    cases.append(case("spikes_half_life_fractional", t, v, {"halfLife": 7.5, "sensitivity": 4}))
    cases.append(case("spikes_half_life_long", t, v, {"halfLife": 100}))
    t, v = inputs["level_shift"]
    cases.append(case("level_shift_min_consecutive_3", t, v, {"minConsecutive": 3}))
    cases.append(case("level_shift_low_sensitivity", t, v, {"sensitivity": 1.5}))
    cases.append(case("level_shift_half_life_5", t, v, {"halfLife": 5}))
    t, v = inputs["nan_gaps"]
    cases.append(case("nan_gaps_half_life_3", t, v, {"halfLife": 3}))
    t, v = inputs["constant_then_step"]
    cases.append(case("constant_then_step_half_life_5", t, v, {"halfLife": 5}))
    big = 1e9 + inputs["normal"][1]
    # Values near 1e9 carry only ~1e-7 absolute precision; pandas forms the mean as (1-a)*mean + a*x, the detectors
    # as mean + a*(x - mean), so the mean differs by ~1e-7 and the score (a small difference over the spread) by
    # ~1e-6 between correct implementations; this case gets a looser absolute tolerance.
    cases.append(case("large_offset", inputs["normal"][0], big, {}, {"abs": 1e-5, "rel": 1e-7}))
    cases += standard_error_cases(
        {"halfLife": 10},
        [{"halfLife": 0.5}, {"halfLife": 100001}, {"halfLife": "30"}, {"sensitivity": 0}, {"sensitivity": 101},
         {"direction": "sideways"}, {"minConsecutive": 0}, {"minConsecutive": 1.5}],
    )
    write(
        "ewma",
        "scripts/vectors/ewma.py: pandas Series.ewm(alpha=1-exp(-ln2/halfLife), adjust=False) .mean() and "
        ".var(bias=False) over the valid points, shifted one point (state before each point), warm-up "
        "max(2, ceil(halfLife)) valid points; scoring per docs/detection-contract.md in scripts/vectors/common.py.",
        cases,
    )


if __name__ == "__main__":
    main()
