"""One bench:speed case in Python, written the way a user would script the detector with the usual stack.

python case.py SIZES_JSON DIR DETECTOR SIZE  ->  one JSON line (points, seconds per run, points/s, peak RSS).
The data, sizes and grouping are those of the TS and Go runners (sizes.json). Parameters are Vigil's defaults.
Where sizes.json gives a pythonCap for the detector, only a prefix of that many points (whole series or
groups) is timed; the line then says "prefix": true.
"""
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.ensemble import IsolationForest
from statsmodels.tsa.holtwinters import ExponentialSmoothing


def zscore(v, window=60, k=3.0):
    s = pd.Series(v)
    mean = s.rolling(window).mean().shift(1)
    std = s.rolling(window).std(ddof=0).shift(1)
    score = (s - mean).abs() / (k * std)
    return score.to_numpy(), (score > 1).to_numpy()


def mad(v, window=60, k=3.0):
    s = pd.Series(v)
    median = s.rolling(window).median().shift(1)
    dev = s.rolling(window).apply(lambda a: np.median(np.abs(a - np.median(a))), raw=True).shift(1)
    score = (s - median).abs() / (k * 1.4826 * dev)
    return score.to_numpy(), (score > 1).to_numpy()


def ewma(v, half_life=30.0, k=3.0):
    s = pd.Series(v)
    ew = s.ewm(halflife=half_life)
    mean = ew.mean().shift(1)
    std = ew.std().shift(1)
    score = (s - mean).abs() / (k * std)
    return score.to_numpy(), (score > 1).to_numpy()


def holt_winters(v, season=24, alpha=0.1, beta=0.01, gamma=0.1, spread_half_life=30.0, k=3.0):
    model = ExponentialSmoothing(
        v, trend="add", seasonal="add", seasonal_periods=season, initialization_method="heuristic"
    )
    fit = model.fit(smoothing_level=alpha, smoothing_trend=beta, smoothing_seasonal=gamma, optimized=False)
    forecast = pd.Series(fit.fittedvalues)  # one-step-ahead forecasts
    error = (pd.Series(v) - forecast).abs()
    spread = error.ewm(halflife=spread_half_life).mean().shift(1) * 1.2533  # mean |e| -> sd for normal errors
    score = error / (k * spread)
    return score.to_numpy(), (score > 1).to_numpy()


def isolation_forest(x, window=1000, retrain=100, trees=100, sample_size=256, seed=42, threshold=0.65):
    """x: rows x features. Retrained causally every `retrain` rows on the previous `window` rows."""
    n = len(x)
    warm = min(window, sample_size)
    s = np.full(n, np.nan)
    for m in range(warm, n, retrain):
        train = x[max(0, m - window) : m]
        forest = IsolationForest(
            n_estimators=trees, max_samples=min(sample_size, len(train)), random_state=seed
        ).fit(train)
        s[m : m + retrain] = -forest.score_samples(x[m : m + retrain])
    return s, s > threshold


UNIVARIATE = {"zscore": zscore, "mad": mad, "ewma": ewma, "holt_winters": holt_winters}


def main():
    sizes_path, data_dir, detector, size_name = sys.argv[1:5]
    cases = json.loads(Path(sizes_path).read_text())
    size = next(s for s in cases["sizes"] if s["name"] == size_name)
    values = np.fromfile(Path(data_dir) / f"{size['name']}.f64", dtype="<f8")
    group = cases["groupSize"]
    multivariate = detector == "isolation_forest"
    length = size["points"] // group if size["series"] == 1 and multivariate else size["points"]
    series = values[: (len(values) // length) * length].reshape(-1, length)
    cap = cases.get("pythonCap", {}).get(detector)
    prefix = False
    if cap is not None and series.size > cap:
        prefix = True
        if size["series"] == 1:
            series = series[:, : max(1, cap // series.shape[0])]  # the first points of each series
        else:
            unit = group if multivariate else 1
            series = series[: max(unit, (cap // length) // unit * unit)]  # the first whole series or groups
    if multivariate:
        inputs = [series[g : g + group].T.copy() for g in range(0, len(series) - group + 1, group)]
        fn = isolation_forest
    else:
        inputs = list(series)
        fn = UNIVARIATE[detector]
    points = sum(i.size for i in inputs)

    def run_once():
        started = time.perf_counter()
        for x in inputs:
            fn(x)
        return time.perf_counter() - started

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    first = run_once()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times, total = [], first
    while total < 1 and len(times) < 1000:
        times.append(run_once())
        total += times[-1]
    times = sorted(times or [first])
    seconds = times[len(times) // 2]
    print(
        json.dumps(
            {
                "lang": "python",
                "detector": detector,
                "size": size_name,
                "points": int(points),
                "prefix": prefix,
                "runs": len(times),
                "seconds": seconds,
                "pointsPerSec": points / seconds,
                "peakRssMB": peak / 1024,
                "baseRssMB": base / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
