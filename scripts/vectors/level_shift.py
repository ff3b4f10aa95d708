"""Vectors for `level_shift`, computed by definition, window by window with numpy (no running sums).

Over the valid points only (NaN points skipped), for the valid point at position j ≥ window + recent − 1:
  reference = the `window` valid values ending `recent` positions before j, at x = 0 … window − 1
  recent    = the `recent` valid values ending at j (j included), at x = window … window + recent − 1
  b, a      = least-squares slope and intercept of the reference (centred two-pass formulas; checked against
              np.polyfit)
  expected  = a + b·(window − 1 + recent)                      (the reference line extrapolated to j)
  spread    = sqrt(sum(reference residuals²) / (window − 2))    (residual standard error)
  band      = expected ∓ sensitivity·spread
  level     = expected + np.mean(recent − (a + b·x_recent))     (the recent window's mean offset from the line)
The score is the level's position against the band (common.score_against_band with the level in place of the
point): 1 = the recent window's mean offset reaches the band edge.
"""

import numpy as np

from common import vector_case, outputs, score_against_band, series, standard_error_cases, standard_inputs, timestamps, write

DEFAULTS = {"window": 60, "recent": 5, "sensitivity": 3.0, "direction": "both", "minConsecutive": 1}


def line_fit(y):
    """Least squares y ≈ a + b·x over x = 0 … len(y) − 1, by the centred textbook formulas: a constant y gives
    b = 0 and zero residuals exactly (np.polyfit's SVD leaves ~1e-15 there)."""
    x = np.arange(len(y), dtype=float)
    xc = x - x.mean()
    b = np.sum(xc * (y - y.mean())) / np.sum(xc * xc)
    a = y.mean() - b * x.mean()
    pb, pa = np.polyfit(x, y, 1)
    assert abs(pb - b) <= 1e-9 * (1 + abs(b)) and abs(pa - a) <= 1e-9 * (1 + abs(a))
    return a, b


def reference(v, p):
    v = np.asarray(v, float)
    w, r, k = p["window"], p["recent"], p["sensitivity"]
    n = len(v)
    expected = np.full(n, np.nan)
    spread = np.full(n, np.nan)
    level = np.full(n, np.nan)
    idx = np.flatnonzero(~np.isnan(v))
    vv = v[idx]
    for j in range(w + r - 1, len(idx)):
        ref = vv[j - r - w + 1 : j - r + 1]
        rec = vv[j - r + 1 : j + 1]
        a, b = line_fit(ref)
        res = ref - (a + b * np.arange(w))
        e = a + b * (w - 1 + r)
        expected[idx[j]] = e
        spread[idx[j]] = np.sqrt(np.sum(res * res) / (w - 2))
        level[idx[j]] = e + np.mean(rec - (a + b * np.arange(w, w + r)))
    lower = expected - k * spread
    upper = expected + k * spread
    # Missing points stay NaN in `level` too, so runs of anomalies skip them exactly as with the raw values.
    score, anomaly = score_against_band(level, expected, lower, upper, p["direction"], p["minConsecutive"])
    return outputs(expected, lower, upper, score, anomaly, w + r - 1)


def case(name, t, v, params, tolerance=None):
    out = reference(v, {**DEFAULTS, **params})
    return vector_case(name, params, series(t, v), out, tolerance)


def slope_change_input():
    """Flat noisy series that starts to climb 1.5 per point at index 150 (a 'moving window slope change')."""
    t, v = standard_inputs()["normal"]
    v = np.array(v, float)
    v[150:] += np.round(1.5 * np.arange(len(v) - 150), 3)
    return t, v


def main():
    inputs = standard_inputs()
    cases = [
        case(
            "doc_example",
            list(range(10)),
            [10, 12, 11, 10, 12, 11, 10, 18, 19, 18],
            {"window": 5, "recent": 2, "sensitivity": 3},
        )
    ]
    for name, (t, v) in inputs.items():
        cases.append(case(name, t, v, {"window": 30}))
    t, v = inputs["level_shift"]
    cases.append(case("level_shift_default_params", t, v, {}))
    cases.append(case("level_shift_direction_up", t, v, {"direction": "up"}))
    cases.append(case("level_shift_direction_down", t, v, {"direction": "down"}))
    cases.append(case("level_shift_min_consecutive_3", t, v, {"minConsecutive": 3}))
    cases.append(case("level_shift_recent_1", t, v, {"recent": 1}))
    cases.append(case("level_shift_recent_10", t, v, {"recent": 10}))
    cases.append(case("level_shift_window_3", t, v, {"window": 3, "recent": 2}))
    cases.append(case("level_shift_window_120", t, v, {"window": 120}))
    cases.append(case("level_shift_sensitivity_2", t, v, {"sensitivity": 2}))
    down = np.array(v, float)
    down[160:] -= 40.0  # +20 then −40: a downward shift of 20
    cases.append(case("level_shift_down_direction_down", t, down, {"direction": "down"}))
    cases.append(case("spikes_default_params", *inputs["spikes"], {}))
    cases.append(case("nan_gaps_recent_3", *inputs["nan_gaps"], {"window": 30, "recent": 3}))
    cases.append(case("slope_change", *slope_change_input(), {}))
    # Long series far from zero: the running sums are re-anchored, so agreement stays at the default tolerance.
    long_t = timestamps(3000)
    long_v = np.round(1e6 + 0.05 * np.arange(3000) + 2.0 * np.random.default_rng(3).normal(size=3000), 3)
    cases.append(case("long_trend_large_offset", long_t, long_v, {"window": 50, "recent": 3}))
    cases += standard_error_cases(
        {"window": 30},
        [{"window": 2}, {"window": 100001}, {"window": 30.5}, {"window": "30"}, {"recent": 0}, {"recent": 1001},
         {"recent": 2.5}, {"sensitivity": 0}, {"sensitivity": 101}, {"direction": "sideways"},
         {"minConsecutive": 0}],
    )
    check(cases, inputs)
    write(
        "level_shift",
        "scripts/vectors/level_shift.py: by definition, window by window with numpy over the valid points: "
        "least-squares line of the reference window (centred formulas, asserted equal to np.polyfit), extrapolated "
        "to the point; residual standard error with ddof 2; np.mean of the recent window's offsets from the line "
        "scored against the band; scoring per docs/detection-contract.md in scripts/vectors/common.py. No running sums.",
        cases,
    )


def check(cases, inputs):
    """The cases mean something: the shift is flagged within a few points, a spike scores lower than under zscore,
    the plain noisy series is mostly quiet, the constant series has a zero-width band."""
    by = {c["name"]: c["expected"] for c in cases}
    first = next(i for i, a in enumerate(by["level_shift_default_params"]["anomaly"]) if a)
    assert 160 <= first <= 163, first
    assert sum(by["normal"]["anomaly"]) <= 3, sum(by["normal"]["anomaly"])
    assert by["constant"]["upper"][-1] == by["constant"]["lower"][-1] and not any(by["constant"]["anomaly"])
    assert by["constant_then_step"]["score"][200] == 100.0
    assert not any(by["level_shift_direction_down"]["anomaly"][160:166])
    assert any(by["level_shift_down_direction_down"]["anomaly"][160:166])
    assert any(by["slope_change"]["anomaly"][150:165])
    assert by["doc_example"]["anomaly"][7]
    # zscore on the same spike (window 30, excluding the point): |v − mean| / (3·std).
    t, v = inputs["spikes"]
    prev = v[120:150]
    z = abs(v[150] - prev.mean()) / (3 * prev.std(ddof=1))
    assert by["spikes"]["score"][150] < z / 2, (by["spikes"]["score"][150], z)


if __name__ == "__main__":
    main()
