"""Vectors for `holt_winters`, by the documented recursion written as a plain Python loop: the step S is
common.step_at's at the first point 2*seasonLength*S after the first valid one (initialisation), slots are
floor((local(t) mod P) / S) on the wall clock of the time zone (zoneinfo, common.local_ms), the level, trend and
seasonal terms start from the first two seasons and the recursion runs in error-correction form with
Delta = elapsed steps, the residual clipped to 3 spreads once the band exists; the spread is
max(sqrt(pi/2) x EW mean |residual| (clipped, weights halving every spreadHalfLife steps), floor). With clipping
off, on NaN-free regular series, the same loop is checked against statsmodels ExponentialSmoothing(trend='add',
seasonal='add', initialization_method='known').fit(optimized=False).fittedvalues."""

import math
import warnings

import numpy as np
from statsmodels.tsa.holtwinters import ExponentialSmoothing

from common import (CLIP_SPREADS, daily_local, floors, KIND_TOLERANCE, kind_inputs, local_ms, on_samples, outputs,
                    score_against_band, series, standard_error_cases, standard_inputs, step_at, timestamps,
                    vector_case, write)

DEFAULTS = {"seasonLength": 24, "alpha": 0.1, "beta": 0.01, "gamma": 0.1, "spreadHalfLife": 30.0,
            "timezone": "UTC", "sensitivity": 3.0, "direction": "both", "minConsecutive": 1}


def run(t, v, p, clip=True):
    """Forecasts and spreads per point (NaN where there is no output), by the documented recursion; after a gap
    longer than two seasons the model starts again from the point after it."""
    n = len(v)
    forecast_out, spread_out = np.full(n, np.nan), np.full(n, np.nan)
    valid = [i for i in range(n) if not math.isnan(v[i])]
    steps, floor = step_at(t, valid), floors(v, valid)
    pos = 0
    while pos < len(valid):
        pos += max(1, run_from(t, v, p, clip, valid[pos:], steps, floor, forecast_out, spread_out))
    return forecast_out, spread_out


def run_from(t, v, p, clip, valid, steps, floor, forecast_out, spread_out):
    """One run of the model over the valid points `valid` (from a start or a restart); returns how many of them
    it used (all, or up to the point after a gap of more than two seasons)."""
    m, alpha, beta, gamma, hl = p["seasonLength"], p["alpha"], p["beta"], p["gamma"], p["spreadHalfLife"]
    if not valid:
        return 1
    f = valid[0]
    start = next((i for i in valid if steps[i] > 0 and t[i] - t[f] >= 2 * m * steps[i]), None)
    if start is None:
        return len(valid)
    S = steps[start]
    P = m * S
    slot = lambda x: min(m - 1, int(math.floor((local_ms(x, p["timezone"]) % P) / S)))
    early = [j for j in valid if j < start]
    s1 = [v[j] for j in early if t[j] < t[f] + P]
    s2 = [v[j] for j in early if t[f] + P <= t[j] < t[f] + 2 * P]
    mean1 = float(np.mean(s1))
    mean2 = float(np.mean(s2)) if s2 else mean1
    season = [math.nan] * m
    for j in early:
        if t[j] < t[f] + 2 * P and math.isnan(season[slot(t[j])]):
            season[slot(t[j])] = v[j] - (mean1 if t[j] < t[f] + P else mean2)
    level, trend, last = mean1, (mean2 - mean1) / m, t[f] - S  # the initial states are one step before f
    resid = {"count": 0, "first": 0, "prev": 0, "mean": 0.0}
    for pos, j in enumerate(valid):
        if j >= start and t[j] - last > 2 * P:
            return pos  # a gap of more than two seasons: start again at this point
        scoring = j >= start
        base = level + trend * ((t[j] - last) / S)
        last = t[j]
        q = slot(t[j])
        if math.isnan(season[q]):
            season[q], level = v[j] - base, base
            continue
        fc = base + season[q]
        e = v[j] - fc
        if scoring:
            size = abs(e)
            if resid["count"] >= 2 and t[j] - resid["first"] >= max(2, math.ceil(hl)) * S:
                spread = max(math.sqrt(math.pi / 2) * resid["mean"], floor[j](fc))
                forecast_out[j], spread_out[j] = fc, spread
                if clip:
                    size = min(size, CLIP_SPREADS * spread)
                    e = min(max(e, -CLIP_SPREADS * spread), CLIP_SPREADS * spread)
            if resid["count"] == 0:
                resid["mean"], resid["first"] = size, t[j]
            else:
                a = -math.expm1(-math.log(2.0) * ((t[j] - resid["prev"]) / S) / hl)
                resid["mean"] += a * (size - resid["mean"])
            resid["prev"] = t[j]
            resid["count"] += 1
        level, trend, season[q] = base + alpha * e, trend + alpha * beta * e, season[q] + gamma * e
    return len(valid)


def check_against_statsmodels(t, v, p):
    """Without clipping, on a regular NaN-free series starting at a season boundary, the loop's forecasts equal
    statsmodels' fitted values (the guard on the hand-written recursion)."""
    m = p["seasonLength"]
    fc, _ = run(t, v, {**p, "spreadHalfLife": 1.0}, clip=False)
    mean1, mean2 = np.mean(v[:m]), np.mean(v[m:2 * m])
    model = ExponentialSmoothing(v, trend="add", seasonal="add", seasonal_periods=m, initialization_method="known",
                                 initial_level=mean1, initial_trend=(mean2 - mean1) / m,
                                 initial_seasonal=v[:m] - mean1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = model.fit(smoothing_level=p["alpha"], smoothing_trend=p["beta"], smoothing_seasonal=p["gamma"],
                        optimized=False)
    sm = np.asarray(fit.fittedvalues, float)
    ok = ~np.isnan(fc)
    assert ok.sum() > 0 and np.allclose(fc[ok], sm[ok], rtol=1e-12, atol=1e-9), "loop != statsmodels"


def reference(t, v, p):
    v = np.asarray(v, float)
    m = p["seasonLength"]
    warmup = 2 * m + max(2, math.ceil(p["spreadHalfLife"]))
    expected, spread = run(list(t), v, p)
    k = p["sensitivity"]
    lower, upper = expected - k * spread, expected + k * spread
    score, anomaly = score_against_band(v, expected, lower, upper, p["direction"], p["minConsecutive"])
    return outputs(expected, lower, upper, score, anomaly, warmup)


def case(name, t, v, params, tolerance=None):
    out = on_samples(reference)(t, v, {**DEFAULTS, **params})
    c = vector_case(name, params, series(t, v), out, tolerance)
    print(f"  {name}: anomalies at {[i for i, a in enumerate(out['anomaly']) if a]}")
    return c


def main():
    inputs = standard_inputs()
    for name in ("seasonal", "seasonal_spike", "normal"):
        t, v = inputs[name]
        check_against_statsmodels(t, np.asarray(v, float), DEFAULTS)
        check_against_statsmodels(t, np.asarray(v, float), {**DEFAULTS, "alpha": 0.5, "beta": 0.2, "gamma": 0.4})
    doc_v = [10, 20, 12, 22, 13, 25, 15, 26, 16, 38]
    cases = [case("doc_example", list(range(10)), doc_v, {"seasonLength": 2, "spreadHalfLife": 2})]
    for name, (t, v) in inputs.items():
        cases.append(case(name, t, v, {}))

    t, v = inputs["spikes"]
    cases.append(case("spikes_direction_up", t, v, {"direction": "up"}))
    cases.append(case("spikes_direction_down", t, v, {"direction": "down"}))
    cases.append(case("spikes_fast_level", t, v, {"alpha": 0.5}))
    t, v = inputs["level_shift"]
    cases.append(case("level_shift_min_consecutive_3", t, v, {"minConsecutive": 3}))
    cases.append(case("level_shift_low_sensitivity", t, v, {"sensitivity": 1.5}))
    t, v = inputs["seasonal_spike"]
    cases.append(case("seasonal_spike_fast_smoothing", t, v, {"alpha": 0.5, "beta": 0.2, "gamma": 0.5}))
    cases.append(case("seasonal_spike_frozen_trend_season", t, v, {"beta": 0, "gamma": 0}))
    cases.append(case("seasonal_spike_alpha_1", t, v, {"alpha": 1, "beta": 1, "gamma": 1}))
    cases.append(case("seasonal_spike_short_spread_half_life", t, v, {"spreadHalfLife": 5}))
    cases.append(case("seasonal_spike_spread_half_life_1", t, v, {"spreadHalfLife": 1, "sensitivity": 5}))
    cases.append(case("seasonal_spike_fractional_half_life", t, v, {"spreadHalfLife": 12.5}))
    t, v = inputs["seasonal"]
    cases.append(case("seasonal_wrong_season_length", t, v, {"seasonLength": 12}))
    t, v = inputs["normal"]
    cases.append(case("normal_season_length_2", t, v, {"seasonLength": 2, "spreadHalfLife": 10}))

    # A seasonal series with a linear trend and a spike: exercises the trend term.
    t, v = inputs["seasonal"]
    trending = np.round(v + 0.25 * np.arange(len(v)), 3)
    trending[180] -= 20.0
    cases.append(case("seasonal_trend_dip", t, trending, {}))
    cases.append(case("seasonal_trend_dip_beta_0", t, trending, {"beta": 0}))

    # Gaps in the initialisation seasons: leading missing points (the season counts from the first valid one),
    # a season-1 position missing (taken from season 2) and a position missing in both seasons (its term is set
    # from its first valid point, index 3 + 48 + 5 = 56, which gets no output).
    gappy = np.array(inputs["seasonal_spike"][1], float)
    gappy[[0, 1, 2, 10, 3 + 5, 3 + 24 + 5, 40, 41, 100, 101, 102, 103, 199]] = np.nan
    cases.append(case("gaps_in_initialisation", t, gappy, {}))
    no_second = np.array(inputs["seasonal"][1], float)
    no_second[24:48] = np.nan
    cases.append(case("second_season_missing", t, no_second, {}))
    cases.append(case("all_missing", timestamps(60), np.full(60, np.nan), {"seasonLength": 4}))
    cases.append(case("exactly_two_seasons", timestamps(48), inputs["seasonal"][1][:48], {}))

    big = 1e9 + inputs["seasonal_spike"][1]
    # Values near 1e9 carry only ~1e-7 absolute precision; scores agree to ~1e-6 between correct implementations.
    cases.append(case("large_offset", t, big, {}, {"abs": 1e-5, "rel": 1e-7}))

    for name, (t, v) in kind_inputs().items():
        cases.append(case(name, t, v, {"seasonLength": 12, "spreadHalfLife": 10}, KIND_TOLERANCE.get(name)))
    # Kind 5: a daily season on the clock of Europe/Paris across the change to summer time (2025-03-30), hourly;
    # the same series read with the UTC clock, and a dip at 15:00 local on the last day.
    t, v = daily_local(21, "Europe/Paris")
    v[-10] -= 30.0
    cases.append(case("daily_paris_dst_timezone", t, v, {"timezone": "Europe/Paris"}))
    cases.append(case("daily_paris_dst_utc", t, v, {}))
    t, v = daily_local(21, "America/New_York", start="2025-10-20")
    cases.append(case("daily_new_york_fall_back", t, v, {"timezone": "America/New_York"}))
    cases += standard_error_cases(
        {"seasonLength": 2},
        [{"seasonLength": 1}, {"seasonLength": 100001}, {"seasonLength": 2.5}, {"seasonLength": "24"},
         {"alpha": -0.1}, {"alpha": 1.1}, {"beta": 1.5}, {"gamma": -1}, {"gamma": True},
         {"spreadHalfLife": 0.5}, {"spreadHalfLife": 100001}, {"sensitivity": 0}, {"direction": "sideways"},
         {"minConsecutive": 0}, {"timezone": "Mars/Olympus"}, {"timezone": "europe/paris"}, {"timezone": 1},
         {"timezone": "Local"}],
    )
    write(
        "holt_winters",
        "scripts/vectors/holt_winters.py: " + __doc__.strip().replace("\n", " "),
        cases,
    )


if __name__ == "__main__":
    main()
