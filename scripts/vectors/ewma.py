"""Vectors for `ewma`, computed by the formulas as an explicit recursion over the valid points: alpha =
1 - exp(-ln 2 * (dt/step) / halfLife) with the causal step of common.step_at, the adjust=False weighted mean and
variance with the reliability-weights correction, the band from the state before each point (spread floored by
common.floors), deviations clipped to +-3 spreads once the band exists, a band once the state spans
max(2, ceil(halfLife)) steps and holds two points, and a restart after a gap longer than that. Without gaps and clipping the same
recursion is checked equal to pandas ewm(alpha, adjust=False).mean() / .var(bias=False)."""

import math

import numpy as np
import pandas as pd

from common import (CLIP_SPREADS, floors, KIND_TOLERANCE, kind_inputs, on_samples, outputs, score_against_band, series,
                    standard_error_cases, standard_inputs, step_at, vector_case, write)


def warmup(half_life):
    return max(2, math.ceil(half_life))


def band(t, v, half_life, sensitivity, clip=True, warmup_steps=None):
    """warmup_steps: steps of the state before the first band (default max(2, ceil(halfLife))). A point that got a
    band updates with its deviation clipped to +-3 spreads; when the next point is also beyond 3 spreads on the
    same side, the previous update is redone from the state before it with the full deviation."""
    v = np.asarray(v, float)
    n = len(v)
    expected, lower, upper = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    valid = [i for i in range(n) if not math.isnan(v[i])]
    steps, floor = step_at(t, valid), floors(v, valid)
    w = warmup(half_life) if warmup_steps is None else warmup_steps
    state = None  # [mean, var, w2, start, last, count]
    pending = None  # (side, mean before, var before, alpha, full deviation) of the last point
    for i in valid:
        step = steps[i]
        if state is not None and t[i] - state[4] > w * step:
            state = None
        if state is None:
            state, pending = [v[i], 0.0, 1.0, t[i], t[i], 1], None
            continue
        mean, var, w2, start, last, count = state
        alpha = -math.expm1(-math.log(2.0) * ((t[i] - last) / step) / half_life)
        d = v[i] - mean
        side = 0
        if count >= 2 and t[i] - start >= w * step:
            spread = max(math.sqrt(var / (1 - w2)), floor[i](mean))
            expected[i], lower[i], upper[i] = mean, mean - sensitivity * spread, mean + sensitivity * spread
            if clip:
                c = CLIP_SPREADS * spread
                side = 1 if d > c else -1 if d < -c else 0
                if side != 0 and pending is not None and pending[0] == side:
                    _, mean_before, var_before, a, full = pending
                    mean = mean_before + a * full
                    var = (1 - a) * (var_before + a * full * full)
                    d = v[i] - mean
                d = min(max(d, -c), c)
        pending = (side, mean, var, alpha, v[i] - mean)
        state = [mean + alpha * d, (1 - alpha) * (var + alpha * d * d), (1 - alpha) ** 2 * w2 + alpha ** 2, start, t[i],
                 count + 1]
    return expected, lower, upper


def check_against_pandas():
    """The recursion without clipping equals pandas on a regular series (the guard on the hand-written code)."""
    g = np.random.default_rng(3)
    v = 10.0 + g.normal(0.0, 1.0, 200)
    t = [i * 60_000 for i in range(200)]
    expected, lower, _ = band(t, v, 7.0, 1.0, clip=False)
    alpha = -np.expm1(-np.log(2.0) / 7.0)
    ew = pd.Series(v).ewm(alpha=alpha, adjust=False)
    mean, std = ew.mean().shift(1).to_numpy(), np.sqrt(ew.var(bias=False).shift(1).to_numpy())
    w = warmup(7.0)
    assert np.allclose(expected[w:], mean[w:], rtol=1e-12, atol=0)
    assert np.allclose(expected[w:] - lower[w:], std[w:], rtol=1e-9, atol=0)


def reference(t, v, half_life, sensitivity=3.0, direction="both", min_consecutive=1):
    v = np.asarray(v, float)
    expected, lower, upper = band(t, v, half_life, sensitivity)
    score, anomaly = score_against_band(v, expected, lower, upper, direction, min_consecutive)
    return outputs(expected, lower, upper, score, anomaly, warmup(half_life))


def case(name, t, v, params, tolerance=None):
    p = {"halfLife": 30.0, "sensitivity": 3.0, "direction": "both", "minConsecutive": 1, **params}
    out = on_samples(reference)(t, v, p["halfLife"], p["sensitivity"], p["direction"], p["minConsecutive"])
    return vector_case(name, params, series(t, v), out, tolerance)


def main():
    check_against_pandas()
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
    # Values near 1e9 carry only ~1e-7 absolute precision, so the score (a small difference over the spread)
    # agrees to ~1e-6 between correct implementations; this case gets a looser absolute tolerance.
    cases.append(case("large_offset", inputs["normal"][0], big, {}, {"abs": 1e-5, "rel": 1e-7}))
    for name, (t, v) in kind_inputs().items():
        cases.append(case(name, t, v, {"halfLife": 10}, KIND_TOLERANCE.get(name)))
    cases += standard_error_cases(
        {"halfLife": 10},
        [{"halfLife": 0.5}, {"halfLife": 100001}, {"halfLife": "30"}, {"sensitivity": 0}, {"sensitivity": 101},
         {"direction": "sideways"}, {"minConsecutive": 0}, {"minConsecutive": 1.5}],
    )
    write(
        "ewma",
        "scripts/vectors/ewma.py: " + __doc__.strip().replace("\n", " "),
        cases,
    )


if __name__ == "__main__":
    main()
