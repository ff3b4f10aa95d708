"""Vectors for `holt_winters`.

Forecasts: for series without missing points, the fitted values (one-step-ahead forecasts) of statsmodels
`ExponentialSmoothing(trend='add', seasonal='add', initialization_method='known')` fitted with fixed smoothing
parameters (optimized=False); the known initial states are the detector's documented initialisation, computed
here with numpy from the first two seasons. For series with missing points (statsmodels cannot take them) a plain
numpy loop over the textbook recursion (the same equations statsmodels uses, in their weighted-average form) with
the documented gap rule; the script checks that loop against statsmodels on every NaN-free case.
Band and score: computed here by definition from the residuals x - forecast (see `band`).
"""

import math
import warnings

import numpy as np
from statsmodels.tsa.holtwinters import ExponentialSmoothing

from common import vector_case, outputs, score_against_band, series, standard_error_cases, standard_inputs, timestamps, write

DEFAULTS = {"seasonLength": 24, "alpha": 0.1, "beta": 0.01, "gamma": 0.1, "spreadHalfLife": 30.0,
            "sensitivity": 3.0, "direction": "both", "minConsecutive": 1}
SPREAD_CLIP = 3.0


def initial_state(v, m, first):
    """Level, trend and seasonal terms before the first valid point, from the first two seasons of points."""
    season1, season2 = v[first : first + m], v[first + m : first + 2 * m]
    mean1 = np.mean(season1[~np.isnan(season1)])
    mean2 = np.mean(season2[~np.isnan(season2)]) if np.any(~np.isnan(season2)) else mean1
    # NaN: a position missing in both seasons, set by its first valid point later.
    seasonal = np.where(~np.isnan(season1), season1 - mean1, np.where(~np.isnan(season2), season2 - mean2, np.nan))
    return mean1, (mean2 - mean1) / m, seasonal


def forecasts_statsmodels(v, m, alpha, beta, gamma):
    level, trend, seasonal = initial_state(v, m, 0)
    model = ExponentialSmoothing(
        v, trend="add", seasonal="add", seasonal_periods=m, initialization_method="known",
        initial_level=level, initial_trend=trend, initial_seasonal=seasonal,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # information criteria of a perfect fit divide by zero; unused here
        fit = model.fit(smoothing_level=alpha, smoothing_trend=beta, smoothing_seasonal=gamma, optimized=False)
    return np.asarray(fit.fittedvalues, float)


def forecasts_numpy(v, m, alpha, beta, gamma, first):
    """Textbook additive Holt-Winters; a missing point updates nothing but the level moves on by the trend; a
    seasonal term not known yet is set from its position's first valid point (no forecast there)."""
    level, trend, seasonal = initial_state(v, m, first)
    seasonal = seasonal.copy()
    forecasts = np.full(len(v), np.nan)
    for i in range(first, len(v)):
        pos = (i - first) % m
        forecasts[i] = level + trend + seasonal[pos]
        x = v[i]
        if np.isnan(x):
            level = level + trend
            continue
        if np.isnan(seasonal[pos]):
            seasonal[pos] = x - (level + trend)
            level = level + trend
            continue
        new_level = alpha * (x - seasonal[pos]) + (1 - alpha) * (level + trend)
        new_trend = beta * (new_level - level) + (1 - beta) * trend
        seasonal[pos] = gamma * (x - level - trend) + (1 - gamma) * seasonal[pos]
        level, trend = new_level, new_trend
    return forecasts


def band(v, forecasts, first, m, half_life):
    """Expected value and spread per point: spread = sqrt(pi/2) * EW mean of |residual| (half-life in points,
    started at the first residual after the two initialisation seasons); residuals enter clipped to
    SPREAD_CLIP spreads once the band exists (warm-up: max(2, ceil(half_life)) residuals)."""
    a = 1.0 - math.exp(-math.log(2.0) / half_life)
    needed = max(2, math.ceil(half_life))
    expected = np.full(len(v), np.nan)
    spread = np.full(len(v), np.nan)
    mean_abs, count = math.nan, 0
    for i in range(first + 2 * m, len(v)):
        if np.isnan(v[i]) or np.isnan(forecasts[i]):
            continue
        size = abs(v[i] - forecasts[i])
        if count >= needed:
            s = math.sqrt(math.pi / 2) * mean_abs
            expected[i], spread[i] = forecasts[i], s
            if s > 0:
                size = min(size, SPREAD_CLIP * s)
        mean_abs = size if count == 0 else (1 - a) * mean_abs + a * size
        count += 1
    return expected, spread


def reference(v, p):
    v = np.asarray(v, float)
    m = p["seasonLength"]
    warmup = 2 * m + max(2, math.ceil(p["spreadHalfLife"]))
    valid = np.flatnonzero(~np.isnan(v))
    expected = spread = np.full(len(v), np.nan)
    method = "none"
    if len(valid) and valid[0] + 2 * m <= len(v):
        first = valid[0]
        fc_numpy = forecasts_numpy(v, m, p["alpha"], p["beta"], p["gamma"], first)
        if len(valid) == len(v):
            fc = forecasts_statsmodels(v, m, p["alpha"], p["beta"], p["gamma"])
            # Cross-check of the numpy loop used for the cases with gaps.
            scale = max(1.0, np.max(np.abs(v)))
            assert np.allclose(fc, fc_numpy, rtol=1e-12, atol=1e-9 * scale), "numpy loop != statsmodels"
            method = "statsmodels"
        else:
            fc = fc_numpy
            method = "numpy"
        expected, spread = band(v, fc, first, m, p["spreadHalfLife"])
    k = p["sensitivity"]
    lower, upper = expected - k * spread, expected + k * spread
    score, anomaly = score_against_band(v, expected, lower, upper, p["direction"], p["minConsecutive"])
    return outputs(expected, lower, upper, score, anomaly, warmup), method


def case(name, t, v, params, tolerance=None):
    out, method = reference(v, {**DEFAULTS, **params})
    c = vector_case(name, params, series(t, v), out, tolerance)
    print(f"  {name}: forecasts from {method}, anomalies at {[i for i, a in enumerate(out['anomaly']) if a]}")
    return c


def main():
    inputs = standard_inputs()
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
    # Values near 1e9 carry only ~1e-7 absolute precision and statsmodels forms the level as a weighted average
    # where the detectors add a correction, so forecasts differ by ~1e-7 and scores by ~1e-6 between correct
    # implementations; this case gets a looser absolute tolerance.
    cases.append(case("large_offset", t, big, {}, {"abs": 1e-5, "rel": 1e-7}))

    cases += standard_error_cases(
        {"seasonLength": 2},
        [{"seasonLength": 1}, {"seasonLength": 100001}, {"seasonLength": 2.5}, {"seasonLength": "24"},
         {"alpha": -0.1}, {"alpha": 1.1}, {"beta": 1.5}, {"gamma": -1}, {"gamma": True},
         {"spreadHalfLife": 0.5}, {"spreadHalfLife": 100001}, {"sensitivity": 0}, {"direction": "sideways"},
         {"minConsecutive": 0}],
    )
    write(
        "holt_winters",
        "scripts/vectors/holt_winters.py: one-step forecasts from statsmodels ExponentialSmoothing(trend='add', "
        "seasonal='add', initialization_method='known').fit(optimized=False).fittedvalues for NaN-free series, from "
        "a numpy loop over the textbook recursion (checked against statsmodels) for series with missing points; "
        "initial states, residual spread (sqrt(pi/2) x clipped EW mean |residual|) and band computed by definition "
        "in the script; scoring per docs/detection-contract.md in scripts/vectors/common.py.",
        cases,
    )


if __name__ == "__main__":
    main()
