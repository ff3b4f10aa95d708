"""Vectors for forecasting (src/detectors/forecast.ts, pkg/detectors/forecast.go): writes testdata/forecast.json,
read by both test suites.

holt_winters: the point forecasts and the analytic forecast variance var_h of
statsmodels' ETSModel(error='add', trend='add', seasonal='add', initialization_method='known').smooth(...), started
from the states holt_winters documents (level = mean of season 1, trend = (mean of season 2 - mean of season 1)/m,
season = season 1 - its mean) with its smoothing (smoothing_trend = alpha * beta: ETSModel's trend smoothing is in
error-correction form); the point forecasts are checked equal to ExponentialSmoothing(trend='add', seasonal='add')
.fit(optimized=False).forecast(h) except at multiples of the season (see check_exponential_smoothing), the
variance to the closed form of Hyndman et al. (2008), Table 6.1. The band is expected -+ z * sd *
sqrt(var_h / sigma^2), sd = sqrt(pi/2) * (EW mean of |residual|, weights halving every spreadHalfLife steps, from
the first residual after the two initialisation seasons). holt_winters clips residuals at 3 spreads; every case
here is checked clip-free (holt_winters.py's loop gives the same forecasts with and without clipping), so
statsmodels' states are the detector's.
auto (its choices from auto.py, the season searched over every valid point) with a season: the mean of the
Holt-Winters level + season (the statsmodels forecast above without its trend) and the seasonal naive forecast,
plus the least-squares slope (numpy polyfit) of the last whole seasons (at most 7), band 3 * (sd * sqrt(ETS(A,N,A)
factor from ETSModel(trend=None, seasonal='add')) + sqrt(pi/2) * mean |y(t) - y(t - kP)|) / 2. auto without a
season: Holt's linear trend, statsmodels ExponentialSmoothing(trend='add') and ETSModel(trend='add') as above, with
initialisation windows of auto's quickSteps, checked clip-free against holt_loop.
seasonal: by definition (seasonal.py's band at a point appended at the forecast time: the profile after the last
valid point), the spread times sqrt(k + 1), k = whole seasons between the last valid point and the time.
Physical bounds (all values >= 0: clip at 0; all in [0, 1]: clip at 1) and the first threshold crossings are
computed here too. Times of repeated samples are dropped first (common.repeat_sources), as the detectors run."""

import math
import os
import warnings

import numpy as np
import pandas as pd
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.holtwinters import ExponentialSmoothing

import holt_winters
import seasonal
from auto import DEFAULTS as AUTO_DEFAULTS, choices
from common import (DEFAULT_TOLERANCE, ROOT, T0, daily_local, dumps, enc_list, floors, repeat_sources, series,
                    step_at, timestamps)

AUTO_Z = 3.0
AUTO_SMOOTHING = {"alpha": 0.1, "beta": 0.01, "gamma": 0.1, "spreadHalfLife": 30.0}


def closed_form(h, alpha, beta, gamma, m):
    """Hyndman, Koehler, Ord & Snyder (2008), Table 6.1, class 1: ETS(A,A,A) sigma_h^2 / sigma^2 (beta in
    error-correction form)."""
    k = (h - 1) // m
    return 1 + (h - 1) * (alpha ** 2 + alpha * beta * h + beta ** 2 * h * (2 * h - 1) / 6) + gamma * k * (
        2 * alpha + gamma + beta * m * (k + 1))


def ew_sd(resid, half_life):
    """sqrt(pi/2) x the EW mean of |residual| (regular steps: weight 1 - 2^(-1/halfLife) for each new one)."""
    a = -math.expm1(-math.log(2.0) / half_life)
    mean = abs(resid[0])
    for e in resid[1:]:
        mean += a * (abs(e) - mean)
    return math.sqrt(math.pi / 2) * mean


def ets(v, m, alpha, beta_ec, gamma, init, h_max):
    """Point forecasts and var_h / sigma^2 for h = 1..h_max from statsmodels' ETSModel (additive error and trend,
    additive season when m > 0) with known initial states and fixed smoothing (beta in error-correction form)."""
    kwargs = dict(initial_level=init["level"], initial_trend=init["trend"])
    if m:
        kwargs["initial_seasonal"] = init["season"]
    model = ETSModel(pd.Series(v), error="add", trend="add", seasonal="add" if m else None,
                     seasonal_periods=m or None, initialization_method="known", **kwargs)
    fit = model.smooth([alpha, beta_ec, gamma] if m else [alpha, beta_ec])
    means = np.asarray(fit.forecast(h_max), float)
    factors = np.asarray(fit.get_prediction(start=len(v), end=len(v) + h_max - 1).var_pred_mean, float) / fit.mse
    for h in range(1, h_max + 1):
        assert math.isclose(factors[h - 1], closed_form(h, alpha, beta_ec, gamma if m else 0.0, m or 1),
                            rel_tol=1e-9), "statsmodels' variance != closed form"
    return means, factors


def check_exponential_smoothing(means, fit, m):
    """ExponentialSmoothing's own forecast agrees with ETSModel's at every h except multiples of m: there it takes
    the seasonal term from before its last update (ETSModel and ExponentialSmoothing.simulate's mean take the
    updated one, as the textbook recursion does), so the means come from ETSModel."""
    hw = np.asarray(fit.forecast(len(means)), float)
    for h in range(1, len(means) + 1):
        if not (m and h % m == 0):
            assert math.isclose(hw[h - 1], means[h - 1], rel_tol=1e-12, abs_tol=1e-9), (h, hw[h - 1], means[h - 1])


def hw_statsmodels(v, m, alpha, beta, gamma, half_life, h_max):
    """Forecast means, variance factors and the one-step sd of additive Holt-Winters from statsmodels, for a regular,
    NaN-free series (holt_winters' initial states)."""
    mean1, mean2 = float(np.mean(v[:m])), float(np.mean(v[m:2 * m]))
    init = {"level": mean1, "trend": (mean2 - mean1) / m, "season": v[:m] - mean1}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = ExponentialSmoothing(v, trend="add", seasonal="add", seasonal_periods=m, initialization_method="known",
                                   initial_level=init["level"], initial_trend=init["trend"],
                                   initial_seasonal=init["season"]).fit(
            smoothing_level=alpha, smoothing_trend=beta, smoothing_seasonal=gamma, optimized=False)
        means, factors = ets(v, m, alpha, alpha * beta, gamma, init, h_max)
    check_exponential_smoothing(means, fit, m)
    resid = v - np.asarray(fit.fittedvalues, float)
    return means, ew_sd(resid[2 * m:], half_life), factors


def holt_statsmodels(v, window, alpha, beta, half_life, h_max):
    """The same for Holt's linear trend (auto without a season), initialised from two windows of `window` points."""
    mean1, mean2 = float(np.mean(v[:window])), float(np.mean(v[window:2 * window]))
    init = {"level": mean1, "trend": (mean2 - mean1) / window}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = ExponentialSmoothing(v, trend="add", initialization_method="known", initial_level=init["level"],
                                   initial_trend=init["trend"]).fit(
            smoothing_level=alpha, smoothing_trend=beta, optimized=False)
        means, factors = ets(v, 0, alpha, alpha * beta, 0.0, init, h_max)
    check_exponential_smoothing(means, fit, 0)
    resid = v - np.asarray(fit.fittedvalues, float)
    return means, ew_sd(resid[2 * window:], half_life), factors


def end_floor(v):
    """The resolution floor after every sample (common.floors at a point appended after the last)."""
    vv = list(v) + [0.0]
    return floors(vv, list(range(len(vv))))[len(v)]


def band_from(means, sd, factors, z, floor, hs):
    exp = np.array([means[h - 1] for h in hs])
    spread = np.array([max(sd * math.sqrt(factors[h - 1]), floor(e)) for h, e in zip(hs, exp)])
    return exp, exp - z * spread, exp + z * spread


def check_clip_free(t, v, p, name=""):
    a, _ = holt_winters.run(list(t), np.asarray(v, float), p, clip=True)
    b, _ = holt_winters.run(list(t), np.asarray(v, float), p, clip=False)
    assert np.array_equal(a, b, equal_nan=True), f"{name}: the case clips residuals; pick another input"


def seasonal_series(n, m, amplitude, slope, noise, seed, level=100.0, step=60_000):
    """level + amplitude·sin(2πi/m) + slope·i + uniform noise in ±noise: bounded noise keeps every residual
    inside holt_winters' 3-spread clip, so the detector's states are statsmodels' (check_clip_free)."""
    g = np.random.default_rng(seed)
    i = np.arange(n)
    v = level + amplitude * np.sin(2 * np.pi * i / m) + slope * i + g.uniform(-noise, noise, n)
    return timestamps(n, step), np.round(v, 3)


def holt_loop(t, v, window, alpha, beta, half_life, clip):
    """Holt's linear trend as holt_linear.ts documents it, on a regular NaN-free series: the one-step forecasts
    (NaN before the first residual). Only used to check that a case is clip-free."""
    step = t[1] - t[0]
    level = float(np.mean(v[:window]))
    trend = (float(np.mean(v[window:2 * window])) - level) / window
    out = np.full(len(v), np.nan)
    mean, count = 0.0, 0
    a = -math.expm1(-math.log(2.0) / half_life)
    for i in range(len(v)):
        base = level + trend
        e = v[i] - base
        if i >= 2 * window:
            out[i] = base
            size = abs(e)
            if clip and count >= 2 and (i - 2 * window) >= max(2, math.ceil(half_life)):
                c = 3 * max(math.sqrt(math.pi / 2) * mean, 1e-9 * abs(base))
                size, e = min(size, c), min(max(e, -c), c)
            mean = size if count == 0 else mean + a * (size - mean)
            count += 1
        level, trend = base + alpha * e, trend + alpha * beta * e
    return out


def bounds(v, exp, lo, hi):
    valid = [x for x in v if not math.isnan(x)]
    if valid and min(valid) >= 0:
        top = 1.0 if max(valid) <= 1 else math.inf
        exp, lo, hi = (np.clip(a, 0.0, top) for a in (exp, lo, hi))
    return exp, lo, hi


def samples(t, v):
    src = repeat_sources(list(t), np.asarray(v, float))
    keep = [i for i in range(len(v)) if src[i] is None]
    return [t[i] for i in keep], np.asarray(v, float)[keep]


def crossings(times, exp, lo, hi, threshold):
    above = threshold["direction"] == "above"
    reach = (lambda x: x >= threshold["value"]) if above else (lambda x: x <= threshold["value"])
    edge = hi if above else lo
    first = lambda a: next((int(times[i]) for i in range(len(times)) if not math.isnan(a[i]) and reach(a[i])), None)
    return {"threshold": threshold, "expected": first(exp), "band": first(edge)}


def case(name, detector, params, t, v, times, exp, lo, hi, threshold=None):
    exp, lo, hi = bounds(samples(t, v)[1], np.asarray(exp, float), np.asarray(lo, float), np.asarray(hi, float))
    out = {"expected": enc_list(exp), "lower": enc_list(lo), "upper": enc_list(hi)}
    if threshold:
        out["crossing"] = crossings(times, exp, lo, hi, threshold)
    return {"name": name, "detector": detector, "params": params, "input": series(t, v),
            "times": [int(x) for x in times], "expected": out}


def error_case(name, detector, params, t, v, times, code):
    return {"name": name, "detector": detector, "params": params, "input": series(t, v),
            "times": [int(x) for x in times], "expected": {"error": code}}


def hw_case(name, t, v, params, horizon, threshold=None, last=None):
    """holt_winters on a regular NaN-free series (a trailing gap allowed: `last` = index of the last valid point)."""
    p = {**holt_winters.DEFAULTS, **params}
    last = len(v) - 1 if last is None else last
    check_clip_free(t[:last + 1], v[:last + 1], p, name)
    step = t[1] - t[0]
    times = [t[last] + h * step for h in range(len(t) - last, len(t) - last + horizon)]
    hs = [round((x - t[last]) / step) for x in times]
    means, sd, factors = hw_statsmodels(np.asarray(v[:last + 1], float), p["seasonLength"], p["alpha"], p["beta"],
                                        p["gamma"], p["spreadHalfLife"], max(hs))
    exp, lo, hi = band_from(means, sd, factors, p["sensitivity"], end_floor(v[:last + 1]), hs)
    return case(name, "holt_winters", params, t, v, times, exp, lo, hi, threshold)


def seasonal_case(name, t, v, params, times, threshold=None):
    p = {**seasonal.DEFAULTS, **params}
    st, sv = samples(t, v)
    valid = [i for i in range(len(sv)) if not math.isnan(sv[i])]
    first, last = valid[0], valid[-1]
    period_ms = p["period"] * 1000
    bucket_ms = p["bucket"] * 1000 if p["bucket"] > 0 else step_at(st, valid)[last]
    if st[last] - st[first] < p["seasons"] * period_ms - bucket_ms:
        # Not warm: the points span fewer than `seasons` seasons, so no forecast at all (docs/forecast.md).
        nan = [math.nan] * len(times)
        return case(name, "seasonal", params, t, v, times, nan, nan, nan, threshold)
    exp, lo, hi = [], [], []
    for x in times:
        e, l, u, _ = seasonal.band(st + [x], np.append(sv, 0.0), p)
        k = math.ceil((x - st[last]) / (p["period"] * 1000)) - 1
        spread = (u[-1] - e[-1]) / p["sensitivity"] * math.sqrt(k + 1)
        exp.append(e[-1])
        lo.append(e[-1] - p["sensitivity"] * spread)
        hi.append(e[-1] + p["sensitivity"] * spread)
    return case(name, "seasonal", params, t, v, times, exp, lo, hi, threshold)


def value_at(t, v, tau):
    """The last valid value at or before tau, NaN when there is none."""
    idx = [i for i in range(len(t)) if t[i] <= tau and not math.isnan(v[i])]
    return v[idx[-1]] if idx else math.nan


def ana_factor(h, alpha, gamma, m):
    """ETS(A,N,A) sigma_h^2 / sigma^2 from statsmodels' ETSModel(trend=None, seasonal='add'), checked against the
    closed form with beta = 0."""
    key = (alpha, gamma, m)
    if key not in ANA_CACHE:
        g = np.random.default_rng(0)
        v = pd.Series(g.normal(size=4 * m))
        model = ETSModel(v, error="add", seasonal="add", seasonal_periods=m, initialization_method="known",
                         initial_level=0.0, initial_seasonal=np.zeros(m))
        fit = model.smooth([alpha, gamma])
        ANA_CACHE[key] = np.asarray(fit.get_prediction(start=len(v), end=len(v) + 3 * m - 1).var_pred_mean,
                                    float) / fit.mse
    f = ANA_CACHE[key][h - 1]
    assert math.isclose(f, closed_form(h, alpha, 0.0, gamma, m), rel_tol=1e-9), "ETS(A,N,A) variance"
    return f


ANA_CACHE = {}


def auto_combination(t, v, m, step, horizon):
    """auto with a season: the mean of Holt-Winters' level + season (statsmodels, trend not extrapolated) and the
    seasonal naive forecast, plus the least-squares slope of the last whole seasons (at most 7); band
    3 * (sd_HW * sqrt(ETS(A,N,A) factor) + sqrt(pi/2) * mean |y(t) - y(t - kP)|) / 2."""
    s = AUTO_SMOOTHING
    means, sd, _ = hw_statsmodels(v, m, s["alpha"], s["beta"], s["gamma"], s["spreadHalfLife"], horizon + m)
    trend = (means[m] - means[0]) / m  # additive: f(h + m) - f(h) = m * trend at the end
    P = m * step
    last = t[-1]
    seasons = min(7, (last - t[0]) // P)
    sel = [i for i in range(len(t)) if t[i] > last - seasons * P]
    slope = np.polyfit(np.array([t[i] - last for i in sel], float), v[sel], 1)[0] if len(sel) > 1 else 0.0
    floor = end_floor(v)
    exp, lo, hi = [], [], []
    for h in range(1, horizon + 1):
        x = last + h * step
        k = math.ceil((x - last) / P)
        naive = value_at(t, v, x - k * P)
        e = (means[h - 1] - h * trend + naive) / 2 + slope * (x - last)
        pairs = [abs(v[i] - value_at(t, v, t[i] - k * P)) for i in range(len(t)) if t[i] - k * P >= t[0]]
        sd_sn = math.sqrt(math.pi / 2) * float(np.mean(pairs))
        spread = max((sd * math.sqrt(ana_factor(h, s["alpha"], s["gamma"], m)) + sd_sn) / 2, floor(e))
        exp.append(e)
        lo.append(e - AUTO_Z * spread)
        hi.append(e + AUTO_Z * spread)
    return [last + h * step for h in range(1, horizon + 1)], exp, lo, hi


def auto_case(name, t, v, params, horizon, threshold=None):
    """auto: its choices (auto.py) with the season searched over every valid point."""
    p = {**AUTO_DEFAULTS, **params}
    v = np.asarray(v, float)
    _, quick, period, _ = choices(list(t), v, {**p, "trainingPoints": int(np.sum(~np.isnan(v)))})
    step = t[1] - t[0]
    s = AUTO_SMOOTHING
    if period:
        m = round(period * 1000 / step)
        check_clip_free(t, v, {**holt_winters.DEFAULTS, **s, "seasonLength": m}, name)
        times, exp, lo, hi = auto_combination(t, v, m, step, horizon)
    else:
        s_ = (quick, s["alpha"], s["beta"], s["spreadHalfLife"])
        assert np.array_equal(holt_loop(t, v, *s_, True), holt_loop(t, v, *s_, False), equal_nan=True), \
            "the case clips residuals: pick another input"
        means, sd, factors = holt_statsmodels(v, quick, s["alpha"], s["beta"], s["spreadHalfLife"], horizon)
        times = [t[-1] + h * step for h in range(1, horizon + 1)]
        exp, lo, hi = band_from(means, sd, factors, AUTO_Z, end_floor(v), range(1, horizon + 1))
    return case(name, "auto", params, t, v, times, exp, lo, hi, threshold), period


def main():
    cases = []
    # holt_winters: a 24-point season at 60 s steps, defaults and faster smoothing, two and a half seasons ahead (the
    # seasonal term of the variance starts after one season).
    t, v = seasonal_series(240, 24, 20.0, 0.0, 3.0, 1)
    cases.append(hw_case("hw_seasonal_defaults", t, v, {}, 60, {"value": 118, "direction": "above"}))
    cases.append(hw_case("hw_seasonal_fast", t, v, {"alpha": 0.3, "beta": 0.1, "gamma": 0.2, "spreadHalfLife": 20},
                         60))
    trend_p = {"seasonLength": 12, "alpha": 0.4, "beta": 0.2, "gamma": 0.3, "spreadHalfLife": 8}
    t, v = seasonal_series(12 * 14, 12, 6.0, 0.4, 1.0, 2, level=50.0)
    cases.append(hw_case("hw_trend_season_12", t, v, trend_p, 40, {"value": 140, "direction": "above"}))
    # The last six points missing: the forecast starts from the last valid point (h counted from it).
    gap = np.array(v, float)
    gap[-6:] = np.nan
    cases.append(hw_case("hw_trailing_gap", t, gap, trend_p, 20, last=len(v) - 7))
    # A draining gauge that stays >= 0: the band is clipped at 0, and it reaches 0 before the expected value.
    t, v = seasonal_series(12 * 14, 12, 8.0, -2.5, 1.0, 3, level=430.0)
    cases.append(hw_case("hw_draining_bounds", t, v, {"seasonLength": 12, "alpha": 0.3, "beta": 0.1,
                                                      "spreadHalfLife": 8}, 36, {"value": 0, "direction": "below"}))
    t, v = seasonal_series(40, 24, 20.0, 0.0, 3.0, 1)
    cases.append(case("hw_not_warm", "holt_winters", {}, t, v, [t[-1] + 60_000 * h for h in (1, 2)],
                      [math.nan] * 2, [math.nan] * 2, [math.nan] * 2))

    # seasonal: the 24-point season as period 1440 s, 2.5 seasons ahead (k = 0, 1, 2).
    t, v = seasonal_series(240, 24, 20.0, 0.0, 3.0, 4)
    ahead = [t[-1] + 60_000 * h for h in range(1, 61)]
    cases.append(seasonal_case("seasonal_day", t, v, {"period": 1440}, ahead, {"value": 115, "direction": "above"}))
    cases.append(seasonal_case("seasonal_bucket_120s", t, v, {"period": 1440, "bucket": 120, "seasons": 3}, ahead))
    gappy = np.array(v, float)
    gappy[[5, 40, 41, 100, 200, 237, 239]] = np.nan
    cases.append(seasonal_case("seasonal_gaps", t, gappy, {"period": 1440}, [t[-1] + 60_000 * h for h in (1, 5, 30)]))
    # 3.5 seasons with seasons = 4: the first half of the phases has its 4 values, but the model is not warm, so
    # nothing is forecast (before, those phases forecast alone and crossed the threshold).
    cases.append(seasonal_case("seasonal_not_warm", t[:84], v[:84], {"period": 1440},
                               [t[83] + 60_000 * h for h in range(1, 25)], {"value": 100, "direction": "above"}))
    rep_t = [T0 + 20_000 * i for i in range(720)]
    rep_v = np.repeat(np.asarray(v, float), 3)  # each sample read three times at a 20 s step
    cases.append(seasonal_case("seasonal_repeated_samples", rep_t, rep_v, {"period": 1440},
                               [rep_t[-1] + 60_000 * h for h in range(1, 25)]))
    pt, pv = daily_local(14, "Europe/Paris")
    cases.append(seasonal_case("seasonal_paris_clock", pt, pv, {"timezone": "Europe/Paris"},
                               [pt[-1] + 3_600_000 * h for h in range(1, 49)]))

    # auto: a daily season at hourly steps (Holt-Winters with a 24-step season) and a trend without a season
    # (Holt's linear trend); both crossing a threshold.
    t, v = seasonal_series(24 * 12, 24, 30.0, 0.05, 2.0, 5, step=3_600_000)
    c, period = auto_case("auto_daily_holt_winters", t, v, {}, 72, {"value": 140, "direction": "above"})
    assert period == 86_400, period
    cases.append(c)
    t, v = seasonal_series(600, 600, 0.0, -0.8, 3.0, 7, level=1000.0)
    c, period = auto_case("auto_trend_holt_linear", t, v, {}, 240, {"value": 400, "direction": "below"})
    assert period == 0, period
    cases.append(c)
    cases.append(case("auto_not_warm", "auto", {}, timestamps(20), np.arange(20.0), [T0 + 20 * 60_000],
                      [math.nan], [math.nan], [math.nan]))

    t, v = seasonal_series(240, 24, 20.0, 0.0, 3.0, 1)
    cases.append(error_case("zscore_cannot_forecast", "zscore", {}, t, v, [t[-1] + 60_000], "cannot_forecast"))
    cases.append(error_case("time_not_after_last_point", "seasonal", {"period": 1440}, t, v, [t[-1]], "invalid_input"))
    cases.append(error_case("times_not_ascending", "holt_winters", {}, t, v, [t[-1] + 120_000, t[-1] + 60_000],
                            "invalid_input"))

    doc = {"source": "scripts/vectors/forecast.py: " + __doc__.strip().replace("\n", " "),
           "tolerance": DEFAULT_TOLERANCE, "cases": cases}
    path = os.path.join(ROOT, "testdata", "forecast.json")
    with open(path, "w") as f:
        f.write(dumps(doc))
    print(f"wrote {path}: {len(cases)} cases")


if __name__ == "__main__":
    main()
