"""Vectors for `zscore`, computed by definition: for each valid point, the window is a queue of the earlier
entries (oldest first) from which entries older than t_i - window*step_i leave first (step = common.step_at); its
numpy two-pass mean and std(ddof=1) give the band once the series has been seen for window*step and the queue
holds max(2, ceil(window/2)) entries; spread = max(std, floor(mean)) (common.floors); the point then enters the
queue clipped to mean +- 3*spread (as it is during the warm-up), dropping the oldest entry when `window` are held.
Repeated samples count once (common.on_samples); scoring with physical bounds per common.score_against_band."""

import math

import numpy as np

from common import (clip, floors, KIND_TOLERANCE, kind_inputs, on_samples, outputs, score_against_band, series,
                    standard_error_cases, standard_inputs, step_at, vector_case, write)


def band(t, v, window, sensitivity, warmup_steps=None):
    """warmup_steps: steps of data before the first band (default: the window; an expanding window until it is
    full). A point that got a band enters clipped to mean +- 3 spreads; when the next point is also beyond 3
    spreads on the same side, the clipped entry is given its value back (it was not a lone outlier)."""
    warmup_steps = window if warmup_steps is None else warmup_steps
    v = np.asarray(v, float)
    n = len(v)
    expected, lower, upper = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    valid = [i for i in range(n) if not math.isnan(v[i])]
    steps, floor = step_at(t, valid), floors(v, valid)
    queue = []  # [t, entry, raw value, side]
    min_count = max(2, math.ceil(min(window, warmup_steps) / 2))
    for i in valid:
        span = window * steps[i]
        while queue and queue[0][0] < t[i] - span:
            queue.pop(0)
        entry, side = v[i], 0
        if len(queue) >= min_count and t[i] - t[valid[0]] >= warmup_steps * steps[i]:
            shift = v[valid[0]]  # statistics of x - K with K the first value, as the runtimes keep them
            xs = np.array([x for _, x, _, _ in queue]) - shift
            mean = float(np.mean(xs)) + shift
            spread = max(float(np.std(xs, ddof=1)), floor[i](mean))
            expected[i], lower[i], upper[i] = mean, mean - sensitivity * spread, mean + sensitivity * spread
            entry = clip(entry, mean, spread)
            side = 1 if v[i] > entry else -1 if v[i] < entry else 0
            last = queue[-1] if queue else None
            if side != 0 and last is not None and last[3] == side and last[0] == t[prev]:
                last[1] = last[2]  # the previous point was not a lone outlier: its value counts in full
        if len(queue) == window:
            queue.pop(0)
        queue.append([t[i], entry, v[i], side])
        prev = i
    return expected, lower, upper


def reference(t, v, window, sensitivity=3.0, direction="both", min_consecutive=1):
    v = np.asarray(v, float)
    expected, lower, upper = band(t, v, window, sensitivity)
    score, anomaly = score_against_band(v, expected, lower, upper, direction, min_consecutive)
    return outputs(expected, lower, upper, score, anomaly, window)


def case(name, t, v, params, tolerance=None):
    p = {"window": 60, "sensitivity": 3.0, "direction": "both", "minConsecutive": 1, **params}
    out = on_samples(reference)(t, v, p["window"], p["sensitivity"], p["direction"], p["minConsecutive"])
    return vector_case(name, params, series(t, v), out, tolerance)


def main():
    inputs = standard_inputs()
    cases = [case("doc_example", [0, 1, 2, 3, 4], [1, 2, 3, 2, 10], {"window": 3, "sensitivity": 2})]
    for name, (t, v) in inputs.items():
        cases.append(case(name, t, v, {"window": 30}))
    t, v = inputs["spikes"]
    cases.append(case("spikes_default_params", t, v, {}))
    cases.append(case("spikes_direction_up", t, v, {"window": 30, "direction": "up"}))
    cases.append(case("spikes_direction_down", t, v, {"window": 30, "direction": "down"}))
    t, v = inputs["level_shift"]
    cases.append(case("level_shift_min_consecutive_3", t, v, {"window": 30, "minConsecutive": 3}))
    cases.append(case("level_shift_low_sensitivity", t, v, {"window": 30, "sensitivity": 1.5}))
    big = 1e9 + inputs["normal"][1]
    # Values near 1e9 carry only ~1e-7 absolute precision, so the score (a small difference over the spread)
    # agrees to ~1e-6 between correct implementations; this case gets a looser absolute tolerance.
    cases.append(case("large_offset", inputs["normal"][0], big, {"window": 30}, {"abs": 1e-5, "rel": 1e-7}))
    for name, (t, v) in kind_inputs().items():
        cases.append(case(name, t, v, {"window": 30}, KIND_TOLERANCE.get(name)))
    # Values beyond MAX_MAGNITUDE (1e150) are detected as that bound; without it the sum of squares overflows.
    huge = [0, 1.7976931348623157e308, 0, 5e-324, 0, 0, -1e160, 3, 1e150, 1e150]
    cases.append(case("beyond_max_magnitude", list(range(len(huge))), huge, {"window": 2}))
    cases += standard_error_cases(
        {"window": 30},
        [{"window": 1}, {"window": 2.5}, {"window": "30"}, {"sensitivity": 0}, {"direction": "sideways"},
         {"minConsecutive": 0}],
    )
    write(
        "zscore",
        "scripts/vectors/zscore.py: " + __doc__.strip().replace("\n", " "),
        cases,
    )


if __name__ == "__main__":
    main()
