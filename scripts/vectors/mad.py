"""Vectors for `mad`, computed by definition: for each point, numpy's median of the window of valid points before
it (the queue of zscore.py: entries older than t_i - window*step_i leave first, at most `window`; a band once the
series has been seen for window*step and the queue holds max(2, ceil(window/2)); the current point excluded) and scipy's median_abs_deviation of the same points, unscaled, times
the literal 1.4826 (the constant src/detectors/mad.ts and pkg/detectors/mad.go use; scipy's scale='normal' would
be 1/Φ⁻¹(3/4) ≈ 1.482602218505602), floored by common.floors; repeated samples count once (common.on_samples)."""

import math

import numpy as np
from scipy.stats import median_abs_deviation

from common import (floors, KIND_TOLERANCE, kind_inputs, on_samples, outputs, score_against_band, series, standard_error_cases,
                    standard_inputs, step_at, timestamps, vector_case, write)

MAD_SCALE = 1.4826


def reference(t, v, window, sensitivity=3.0, direction="both", min_consecutive=1):
    v = np.asarray(v, float)
    n = len(v)
    expected, lower, upper = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    valid = [i for i in range(n) if not math.isnan(v[i])]
    steps, floor = step_at(t, valid), floors(v, valid)
    queue = []  # (t, value), oldest first
    min_count = max(2, math.ceil(window / 2))
    for i in valid:
        span = window * steps[i]
        while queue and queue[0][0] < t[i] - span:
            queue.pop(0)
        if len(queue) >= min_count and t[i] - t[valid[0]] >= span:
            prev = np.array([x for _, x in queue])
            med = np.median(prev)
            mad = median_abs_deviation(prev, scale=1.0)
            # The same number by the plainest definition, as a guard on the library call.
            assert mad == np.median(np.abs(prev - med))
            spread = max(MAD_SCALE * mad, floor[i](med))
            expected[i], lower[i], upper[i] = med, med - sensitivity * spread, med + sensitivity * spread
        if len(queue) == window:
            queue.pop(0)
        queue.append((t[i], v[i]))
    score, anomaly = score_against_band(v, expected, lower, upper, direction, min_consecutive)
    return outputs(expected, lower, upper, score, anomaly, window)


def case(name, t, v, params, tolerance=None):
    p = {"window": 60, "sensitivity": 3.0, "direction": "both", "minConsecutive": 1, **params}
    out = on_samples(reference)(t, v, p["window"], p["sensitivity"], p["direction"], p["minConsecutive"])
    return vector_case(name, params, series(t, v), out, tolerance)


def main():
    inputs = standard_inputs()
    cases = [case("doc_example", [0, 1, 2, 3, 4, 5], [1, 2, 4, 3, 10, 3], {"window": 4, "sensitivity": 2})]
    for name, (t, v) in inputs.items():
        cases.append(case(name, t, v, {"window": 30}))
    t, v = inputs["spikes"]
    cases.append(case("spikes_default_params", t, v, {}))
    cases.append(case("spikes_direction_up", t, v, {"window": 30, "direction": "up"}))
    cases.append(case("spikes_direction_down", t, v, {"window": 30, "direction": "down"}))
    # Odd window (single middle value) and the smallest window allowed.
    cases.append(case("spikes_odd_window", t, v, {"window": 31}))
    cases.append(case("spikes_min_window", t, v, {"window": 3}))
    t, v = inputs["level_shift"]
    cases.append(case("level_shift_min_consecutive_3", t, v, {"window": 30, "minConsecutive": 3}))
    cases.append(case("level_shift_low_sensitivity", t, v, {"window": 30, "sensitivity": 1.5}))
    # Mostly flat with occasional values: windows where more than half the points are equal have MAD 0; the
    # spread is then the data's quantum (the smallest change seen), windows with fewer have a MAD band.
    g = np.random.default_rng(11)
    flat = np.where(g.random(120) < 0.35, np.round(g.normal(50.0, 3.0, 120), 3), 50.0)
    cases.append(case("mostly_flat", timestamps(120), flat, {"window": 10}))
    # Heavy ties on a small grid: many equal values, duplicate middle values, even and odd windows.
    grid = np.round(g.integers(0, 5, 200) * 0.5, 3)
    cases.append(case("ties_even_window", timestamps(200), grid, {"window": 8}))
    cases.append(case("ties_odd_window", timestamps(200), grid, {"window": 9}))
    # Values near 1e9: medians and distances are exact differences of input values and the band uses the same
    # operations in the same order on all three sides, so the default tolerance holds here (unlike zscore's
    # running sums, no looser tolerance is needed).
    big = 1e9 + inputs["normal"][1]
    cases.append(case("large_offset", inputs["normal"][0], big, {"window": 30}))
    for name, (t, v) in kind_inputs().items():
        cases.append(case(name, t, v, {"window": 30}, KIND_TOLERANCE.get(name)))
    cases += standard_error_cases(
        {"window": 30},
        [{"window": 2}, {"window": 100001}, {"window": 2.5}, {"window": "30"}, {"sensitivity": 0},
         {"sensitivity": 101}, {"direction": "sideways"}, {"minConsecutive": 0}, {"minConsecutive": 1001}],
    )
    write(
        "mad",
        "scripts/vectors/mad.py: numpy median and scipy.stats.median_abs_deviation(scale=1.0) (checked equal to "
        "np.median(|x - median|)) of the window of valid points before each point, computed window by window; "
        "spread = max(1.4826 * MAD, floor) (the literal, not scale='normal'); " + __doc__.strip().replace("\n", " "),
        cases,
    )


if __name__ == "__main__":
    main()
