"""Vectors for `zscore`, computed by definition: for each point, numpy's two-pass mean and std(ddof=1) of the
`window` valid points before it (the current point excluded: causal)."""

import numpy as np

from common import vector_case, outputs, score_against_band, series, standard_error_cases, standard_inputs, write


def reference(v, window, sensitivity=3.0, direction="both", min_consecutive=1):
    v = np.asarray(v, float)
    expected = np.full(len(v), np.nan)
    spread = np.full(len(v), np.nan)
    valid_idx = np.flatnonzero(~np.isnan(v))
    for j in range(window, len(valid_idx)):
        prev = v[valid_idx[j - window : j]]
        expected[valid_idx[j]] = np.mean(prev)
        spread[valid_idx[j]] = np.std(prev, ddof=1)
    lower = expected - sensitivity * spread
    upper = expected + sensitivity * spread
    score, anomaly = score_against_band(np.asarray(v, float), expected, lower, upper, direction, min_consecutive)
    return outputs(expected, lower, upper, score, anomaly, window)


def case(name, t, v, params, tolerance=None):
    p = {"window": 60, "sensitivity": 3.0, "direction": "both", "minConsecutive": 1, **params}
    out = reference(v, p["window"], p["sensitivity"], p["direction"], p["minConsecutive"])
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
    cases += standard_error_cases(
        {"window": 30},
        [{"window": 1}, {"window": 2.5}, {"window": "30"}, {"sensitivity": 0}, {"direction": "sideways"},
         {"minConsecutive": 0}],
    )
    write(
        "zscore",
        "scripts/vectors/zscore.py: numpy two-pass mean and std(ddof=1) of the window of valid points before each "
        "point, computed window by window (no running sums); scoring per docs/detection-contract.md in scripts/vectors/common.py.",
        cases,
    )


if __name__ == "__main__":
    main()
