"""Vectors for `seasonal`, computed by definition, point by point, with numpy (no ring buffers, no caches).

For each valid point i:
  bucket_ms = bucket·1000, or when bucket is 0 the causal step at i (common.step_at: median of the first gaps);
  P = period·1000;  phases = ceil(P / bucket_ms);  local(t) = t on the clock of the time zone (zoneinfo)
  phase(t) = floor((local(t) mod P) / bucket_ms)      (with bucket_ms at i, for every earlier point too)
  history(q) = the last `seasons` valid values before i whose timestamp has phase q (None if fewer)
  expected = np.median(history(phase(t_i)))
  loo(q) = for each value h_j of history(q): |h_j − np.median(history(q) without h_j)|   (leave one out)
  h = max(neighbours, ceil((240/seasons − 1)/2))
  spread = max(1.4826 · np.median(concat of loo(q) over the phases q within circular distance h of phase(t_i)
                                  whose history is complete), 1.4826 · np.median(loo(phase(t_i))),
               floor(expected))      (common.floors)
  lower/upper = expected ∓ sensitivity · spread
Repeated samples count once (common.on_samples); scoring with physical bounds per common.py.
"""

import math

import numpy as np

from common import (
    daily_local,
    floors,
    KIND_TOLERANCE,
    kind_inputs,
    local_ms,
    on_samples,
    outputs,
    rng,
    score_against_band,
    series,
    standard_error_cases,
    standard_inputs,
    step_at,
    timestamps,
    vector_case,
    write,
)

DEFAULTS = {"period": 86400, "seasons": 4, "bucket": 0, "neighbours": 1, "timezone": "UTC", "sensitivity": 3.0,
            "direction": "both", "minConsecutive": 1}
MIN_POOLED = 240


def reference(t, v, p):
    v = np.asarray(v, float)
    expected, lower, upper, warmup = band(t, v, p)
    score, anomaly = score_against_band(v, expected, lower, upper, p["direction"], p["minConsecutive"])
    return outputs(expected, lower, upper, score, anomaly, warmup)


def band(t, v, p):
    """Expected, lower, upper (before physical bounds and scoring) and the warm-up."""
    t = [int(x) for x in t]
    v = np.asarray(v, float)
    n = len(v)
    period_ms = p["period"] * 1000
    seasons = p["seasons"]
    hood = max(p["neighbours"], math.ceil((MIN_POOLED / seasons - 1) / 2))
    valid_idx = [i for i in range(n) if not math.isnan(v[i])]
    steps, floor = step_at(t, valid_idx), floors(v, valid_idx)
    local = {i: local_ms(t[i], p["timezone"]) for i in valid_idx}
    expected = np.full(n, np.nan)
    spread = np.full(n, np.nan)
    bucket_ms = None
    for pos, i in enumerate(valid_idx):
        bucket_ms = p["bucket"] * 1000 if p["bucket"] > 0 else steps[i]
        if not bucket_ms > 0:
            continue
        n_phases = -(-period_ms // bucket_ms)
        phase = lambda j: min(n_phases - 1, int((local[j] % period_ms) // bucket_ms))
        earlier = valid_idx[:pos]
        by_phase = {}
        for j in earlier:
            by_phase.setdefault(phase(j), []).append(v[j])

        def history(q):
            h = by_phase.get(q, [])[-seasons:]
            return np.array(h) if len(h) == seasons else None

        own = history(phase(i))
        if own is None:
            continue
        near = {int((phase(i) + d) % n_phases) for d in range(-hood, hood + 1)}
        pool = []
        for q in near:
            h = history(q)
            if h is not None:
                pool.append([abs(h[j] - np.median(np.delete(h, j))) for j in range(seasons)])
        expected[i] = np.median(own)
        own_devs = [abs(own[j] - np.median(np.delete(own, j))) for j in range(seasons)]
        spread[i] = max(1.4826 * np.median(np.concatenate(pool)), 1.4826 * np.median(own_devs),
                        floor[i](expected[i]))
    k = p["sensitivity"]
    lower = expected - k * spread
    upper = expected + k * spread
    final_bucket = bucket_ms if bucket_ms else 60_000
    return expected, lower, upper, seasons * int(-(-period_ms // final_bucket))


def case(name, t, v, params, tolerance=None):
    out = on_samples(reference)(t, v, {**DEFAULTS, **params})
    return vector_case(name, params, series(t, v), out, tolerance)


# The standard series have a 24-point season at 60 s steps: period 1440 s.
DAY = {"period": 1440}


WEEKLY_SPIKE = 4 * 168 + 2 * 24 + 3  # Wednesday 03:00 of week 5
WEEKLY_DIP = 4 * 168 + 5 * 24 + 14  # Saturday 14:00 of week 5


def weekly_input():
    """Five weeks of hourly points: a daily cycle, quieter weekends, noise; in week 5 a spike on a Wednesday
    night and a dip on a Saturday afternoon (both would be ordinary values on another day or hour)."""
    g = rng(11)
    n = 5 * 168
    t = timestamps(n, step=3_600_000, t0=1_699_833_600_000)  # Monday 2023-11-13 00:00 UTC
    hour = np.arange(n) % 24
    day = (np.arange(n) // 24) % 7
    level = np.where(day >= 5, 40.0, 100.0)
    v = np.round(level + 0.3 * level * np.sin(2 * np.pi * (hour - 6) / 24) + g.normal(0.0, 2.0, n), 3)
    v[WEEKLY_SPIKE] += 40.0
    v[WEEKLY_DIP] -= 30.0
    return t, v


def main():
    inputs = standard_inputs()
    doc_t = timestamps(12, t0=0)
    doc_v = [10, 20, 30, 20, 12, 23, 28, 19, 11, 21, 29, 40]
    cases = [case("doc_example", doc_t, doc_v, {"period": 240, "seasons": 2, "neighbours": 1, "sensitivity": 3})]
    for name, (t, v) in inputs.items():
        cases.append(case(name, t, v, DAY))
    t, v = inputs["seasonal_spike"]
    cases.append(case("seasonal_spike_default_params", t, v, {}))  # a day-long period: all warm-up
    cases.append(case("seasonal_spike_direction_up", t, v, {**DAY, "direction": "up"}))
    cases.append(case("seasonal_spike_direction_down", t, v, {**DAY, "direction": "down"}))
    cases.append(case("seasonal_spike_min_consecutive_2", t, v, {**DAY, "minConsecutive": 2}))
    cases.append(case("seasonal_spike_seasons_2", t, v, {**DAY, "seasons": 2}))
    cases.append(case("seasonal_spike_seasons_6", t, v, {**DAY, "seasons": 6}))
    cases.append(case("seasonal_spike_neighbours_0", t, v, {**DAY, "neighbours": 0}))
    cases.append(case("seasonal_spike_neighbours_3", t, v, {**DAY, "neighbours": 3}))
    cases.append(case("seasonal_spike_neighbours_wrap_all", t, v, {**DAY, "neighbours": 60}))
    cases.append(case("seasonal_spike_sensitivity_2", t, v, {**DAY, "sensitivity": 2}))
    # A bucket of two steps: two points share each phase, so a phase's history spans seasons/2 days.
    cases.append(case("seasonal_spike_bucket_120", t, v, {**DAY, "bucket": 120}))
    # A bucket longer than the period: one phase, i.e. the median of the last `seasons` points.
    cases.append(case("seasonal_spike_bucket_over_period", t, v, {**DAY, "bucket": 3000, "seasons": 5}))
    cases.append(case("spikes_direction_down", *inputs["spikes"], {**DAY, "direction": "down"}))
    # Phases come from timestamps: points removed (not NaN) keep the others in phase.
    keep = np.ones(len(t), bool)
    keep[[30, 31, 32, 33, 34, 35, 36, 37, 90, 140, 141]] = False
    cases.append(case("seasonal_spike_timestamp_gaps", np.asarray(t)[keep], v[keep], DAY))
    # Zoomed out: every other point, so a 120 s step and a 12-phase season with the default bucket.
    cases.append(case("seasonal_spike_zoom_out", t[::2], v[::2], {**DAY, "seasons": 3}))
    # NaN at index 1: the default bucket is the median of the first gaps, not the first gap (2 steps here).
    v_nan1 = np.array(v, float)
    v_nan1[1] = np.nan
    cases.append(case("seasonal_spike_nan_at_index_1", t, v_nan1, DAY))
    wt, wv = weekly_input()
    # Three seasons × seven phases pooled: 21 leave-one-out deviations give a steadier spread than the default 12.
    cases.append(case("weekly", wt, wv, {"period": 604800, "seasons": 3, "neighbours": 3}))
    cases.append(case("weekly_seasons_2", wt, wv, {"period": 604800, "seasons": 2}))
    cases.append(case("weekly_as_daily", wt, wv, {"period": 86400, "seasons": 4}))
    for name, (t, v) in kind_inputs().items():
        cases.append(case(name, t, v, {**DAY, "seasons": 3}, KIND_TOLERANCE.get(name)))
    # Kind 5: a daily season on the clock of Europe/Paris across the change to summer time (2025-03-30), hourly,
    # a dip at 15:00 local on the last day; read on the Paris clock and on the UTC clock.
    t, v = daily_local(14, "Europe/Paris")
    v[-10] -= 30.0
    cases.append(case("daily_paris_dst_timezone", t, v, {"timezone": "Europe/Paris", "seasons": 3}))
    cases.append(case("daily_paris_dst_utc", t, v, {"seasons": 3}))
    t, v = daily_local(10, "Asia/Kolkata", start="2025-01-01")
    cases.append(case("daily_kolkata_half_hour_offset", t, v, {"timezone": "Asia/Kolkata", "seasons": 3}))
    cases += standard_error_cases(
        DAY,
        [{"period": 59}, {"period": 31 * 86400 + 1}, {"period": 1440.5}, {"period": "1440"}, {"seasons": 1},
         {"seasons": 53}, {"seasons": 2.5}, {"bucket": -1}, {"bucket": 31 * 86400 + 1}, {"neighbours": -1},
         {"neighbours": 61}, {"neighbours": True}, {"sensitivity": 0}, {"direction": "sideways"},
         {"minConsecutive": 0}, {"timezone": "Mars/Olympus"}, {"timezone": "europe/paris"}, {"timezone": 1},
         {"timezone": ""}],
    )
    check(cases)
    write(
        "seasonal",
        "scripts/vectors/seasonal.py: " + __doc__.strip().replace("\n", " "),
        cases,
    )


def check(cases):
    """The cases mean something: the injected anomalies are flagged, the plain seasonal series mostly is not."""
    by = {c["name"]: c["expected"] for c in cases}
    assert by["seasonal_spike"]["anomaly"][200], "seasonal spike not flagged"
    assert sum(by["seasonal"]["anomaly"]) <= 5, sum(by["seasonal"]["anomaly"])
    assert by["doc_example"]["anomaly"][11]
    # A constant series: a band as wide as the float resolution of its value, not zero.
    assert not any(by["constant"]["anomaly"]) and 0 < by["constant"]["upper"][-1] - by["constant"]["lower"][-1] < 1e-6
    assert by["constant_then_step"]["anomaly"][200] and by["constant_then_step"]["score"][200] == 100.0
    assert by["weekly"]["anomaly"][WEEKLY_SPIKE] and by["weekly"]["anomaly"][WEEKLY_DIP]
    assert sum(by["weekly"]["anomaly"]) <= 15, sum(by["weekly"]["anomaly"])
    paris = [i for i, a in enumerate(by["daily_paris_dst_timezone"]["anomaly"]) if a]
    utc = [i for i, a in enumerate(by["daily_paris_dst_utc"]["anomaly"]) if a]
    print("Paris clock flags", paris, "; UTC clock flags", utc)
    assert len(paris) < len(utc) and len(by["daily_paris_dst_timezone"]["anomaly"]) - 10 in paris
    assert not by["seasonal_spike_direction_down"]["anomaly"][200]
    assert all(by["spikes"]["anomaly"][i] for i in (150, 190, 220))
    assert set(by["seasonal_spike_default_params"]["expected"]) == {"NaN"}  # a day-long period: all warm-up


if __name__ == "__main__":
    main()
