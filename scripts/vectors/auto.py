"""Vectors for `auto`: its choices written out by definition, then the ensemble reference (ensemble.py).

window = clamp(round(3600 s / step of the first two valid points), 30, 720); trainingPoints 0 = clamp(round(2 days /
step), 200, 6000); the first trainingPoints valid points go to season.py's detect_season (statsmodels acf); a
season of at least 60 s adds the seasonal component from the point after them on (both ensemble runs are
computed in full and spliced).
"""

import math

import numpy as np

import ensemble
from common import series, standard_error_cases, standard_inputs, write
from season import detect_season

DEFAULTS = {"trainingPoints": 0, "sensitivity": 3.5, "direction": "both", "minConsecutive": 1}


def half_up(x):
    return math.floor(x + 0.5)  # JS Math.round and Go math.Round agree on positive numbers; Python's round does not


def choices(t, v, p):
    valid = [i for i in range(len(v)) if not math.isnan(v[i])]
    step = t[valid[1]] - t[valid[0]] if len(valid) >= 2 else 0
    window = min(720, max(30, half_up(3_600_000 / step))) if step > 0 else 30
    training = p["trainingPoints"] or (min(6000, max(200, half_up(172_800_000 / step))) if step > 0 else 200)
    end = valid[training - 1] + 1 if 0 < training <= len(valid) else 0
    period = 0
    if end > 0 and training >= 16:
        s = detect_season(t[:end], v[:end])
        period = half_up(s["periodMs"] / 1000) if s else 0
        period = period if period >= 60 else 0
    return window, period, end


def reference(t, v, p):
    v = np.asarray(v, float)
    window, period, end = choices(list(t), v, p)
    common = {k: p[k] for k in ("sensitivity", "direction", "minConsecutive")}
    plain = ensemble.reference(t, v, {**ensemble.DEFAULTS, **common, "window": window, "period": 0})
    if period == 0:
        return plain, (window, period)
    seasonal = ensemble.reference(t, v, {**ensemble.DEFAULTS, **common, "window": window, "period": period})
    out = {k: (plain[k][:end] + seasonal[k][end:] if k != "warmup" else plain[k]) for k in plain}
    return out, (window, period)


def case(name, t, v, params):
    out, chosen = reference(t, v, {**DEFAULTS, **params})
    print(f"{name}: window {chosen[0]}, period {chosen[1]} s")
    return {"name": name, "params": params, "input": series(t, v), "expected": out}


def main():
    inputs = standard_inputs()
    t, v = ensemble.doc_example()
    cases = [case("doc_example", t, v, {})]
    for name, (t, v) in inputs.items():
        cases.append(case(name, t, v, {}))
    for name in ("seasonal", "seasonal_spike", "normal"):
        t, v = inputs[name]
        cases.append(case(f"{name}_training_100", t, v, {"trainingPoints": 100}))
    t, v = inputs["spikes"]
    cases.append(case("spikes_direction_up", t, v, {"direction": "up"}))
    cases.append(case("spikes_sensitivity_2_min_consecutive_2", t, v, {"sensitivity": 2, "minConsecutive": 2}))
    t5 = [int(x) * 5 for x in inputs["spikes"][0]]  # 5-minute steps: a shorter window (30 points, the minimum)
    cases.append(case("spikes_at_5m_steps", t5, inputs["spikes"][1], {}))
    t15 = [1_700_000_000_000 + i * 15_000 for i in range(240)]  # 15-second steps: a 240-point window
    cases.append(case("spikes_at_15s_steps", t15, inputs["spikes"][1], {}))
    cases += standard_error_cases({}, [{"trainingPoints": -1}, {"trainingPoints": 1.5}, {"trainingPoints": "auto"},
                                       {"window": 30}])
    write("auto", __doc__.strip().replace("\n", " "), cases)


if __name__ == "__main__":
    main()
