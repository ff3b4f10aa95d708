"""Vectors for `level_shift`, computed by definition, window by window with numpy (no running sums).

Over the valid points only (NaN points skipped), with S = the causal step (common.step_at), for the valid point i
once t_i - t_first >= (window + recent - 1)*S:
  recent    = i and the earlier valid points with t > t_i - recent*S, at most `recent` (the newest)
  reference = the earlier valid points before those with t > t_i - (window + recent)*S, at most `window`;
              at least max(3, ceil(window/2)) of them, else no output
  u         = (t - t_i)/S for every point (elapsed steps)
  b, a      = least-squares slope and intercept of the reference entries over u (centred two-pass formulas;
              checked against np.polyfit); an entry is the point's value clipped to its own band +- 3 spreads
              when it had one, else the value
  expected  = a;  spread = max(sqrt(sum(residuals^2) / (|reference| - 2)), floor(expected))  (common.floors)
  level     = expected + np.mean(recent values - (a + b*u))
The score is the level's position against the band (common.score_against_band with the level in place of the
point, physical bounds from the values). Repeated samples count once (common.on_samples).
"""

import math

import numpy as np

from common import (CLIP_SPREADS, floors, KIND_TOLERANCE, kind_inputs, on_samples, outputs, score_against_band, series,
                    standard_error_cases, standard_inputs, step_at, timestamps, vector_case, write)

DEFAULTS = {"window": 60, "recent": 5, "sensitivity": 3.0, "direction": "both", "minConsecutive": 1}


def line_fit(u, y):
    """Least squares y = a + b*u by the centred textbook formulas: a constant y gives b = 0 and zero residuals
    exactly (np.polyfit's SVD leaves ~1e-15 there)."""
    uc = u - u.mean()
    b = np.sum(uc * (y - y.mean())) / np.sum(uc * uc)
    a = y.mean() - b * u.mean()
    pb, pa = np.polyfit(u, y, 1)
    assert abs(pb - b) <= 1e-8 * (1 + abs(b)) and abs(pa - a) <= 1e-8 * (1 + abs(a)), (pa, a, pb, b)
    return a, b


def reference(t, v, p):
    v = np.asarray(v, float)
    w, r, k = p["window"], p["recent"], p["sensitivity"]
    n = len(v)
    expected, spread, level = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    valid = [i for i in range(n) if not math.isnan(v[i])]
    steps, floor = step_at(t, valid), floors(v, valid)
    entries = []  # (t, value, entry) of the valid points so far
    for i in valid:
        S = steps[i]
        entry = v[i]
        if S > 0 and t[i] - t[valid[0]] >= (w + r - 1) * S:
            before = entries[::-1]  # newest first
            recent = [e for e in before[: r - 1]]
            nrec = 0
            while nrec < len(recent) and recent[nrec][0] > t[i] - r * S:
                nrec += 1
            recent = recent[:nrec]
            rest = before[nrec:]
            ref = []
            for e in rest:
                if len(ref) == w or not e[0] > t[i] - (w + r) * S:
                    break
                ref.append(e)
            if len(ref) >= max(3, math.ceil(w / 2)):
                u = np.array([(e[0] - t[i]) / S for e in ref])
                y = np.array([e[2] for e in ref])
                a, b = line_fit(u, y)
                res = y - (a + b * u)
                sd = max(math.sqrt(np.sum(res * res) / (len(ref) - 2)), floor[i](a))
                expected[i], spread[i] = a, sd
                ru = np.array([0.0] + [(e[0] - t[i]) / S for e in recent])
                ry = np.array([v[i]] + [e[1] for e in recent])
                level[i] = a + np.mean(ry - (a + b * ru))
                entry = min(max(v[i], a - CLIP_SPREADS * sd), a + CLIP_SPREADS * sd)
        entries.append((t[i], v[i], entry))
    lower = expected - k * spread
    upper = expected + k * spread
    # Missing points stay NaN in `level` too, so runs of anomalies skip them exactly as with the raw values.
    score, anomaly = score_against_band(level, expected, lower, upper, p["direction"], p["minConsecutive"],
                                        bounds_from=v)
    return outputs(expected, lower, upper, score, anomaly, w + r - 1)


def case(name, t, v, params, tolerance=None):
    out = on_samples(reference)(list(t), v, {**DEFAULTS, **params})
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
    # Long series far from zero: the line is refitted from centred values, so agreement stays at the default tolerance.
    long_t = timestamps(3000)
    long_v = np.round(1e6 + 0.05 * np.arange(3000) + 2.0 * np.random.default_rng(3).normal(size=3000), 3)
    cases.append(case("long_trend_large_offset", long_t, long_v, {"window": 50, "recent": 3}))
    for name, (t, v) in kind_inputs().items():
        cases.append(case(name, t, v, {"window": 30}, KIND_TOLERANCE.get(name)))
    cases += standard_error_cases(
        {"window": 30},
        [{"window": 2}, {"window": 100001}, {"window": 30.5}, {"window": "30"}, {"recent": 0}, {"recent": 1001},
         {"recent": 2.5}, {"sensitivity": 0}, {"sensitivity": 101}, {"direction": "sideways"},
         {"minConsecutive": 0}],
    )
    check(cases, inputs)
    write(
        "level_shift",
        "scripts/vectors/level_shift.py: " + __doc__.strip().replace("\n", " "),
        cases,
    )


def check(cases, inputs):
    """The cases mean something: the shift is flagged within a few points, a spike scores lower than under zscore,
    the plain noisy series is mostly quiet, the constant series has a band as narrow as its float resolution."""
    by = {c["name"]: c["expected"] for c in cases}
    first = next(i for i, a in enumerate(by["level_shift_default_params"]["anomaly"]) if a)
    assert 160 <= first <= 163, first
    assert sum(by["normal"]["anomaly"]) <= 3, sum(by["normal"]["anomaly"])
    assert 0 < by["constant"]["upper"][-1] - by["constant"]["lower"][-1] < 1e-6 and not any(by["constant"]["anomaly"])
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
