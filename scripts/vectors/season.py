"""Reference for season detection (detectSeason / DetectSeason) and the vectors in testdata/season.json.

Definition, in time: drop missing points; S = median gap between the remaining timestamps; remove the
least-squares line over the timestamps (closed-form OLS); average into time buckets of B = k·S ms from the first
timestamp, k = ceil((span/S + 1) / 1024), an empty bucket counting 0; autocorrelation from statsmodels
`acf(adjusted=False, fft=False)`; the season is the highest local maximum at lag 2..N/2 that comes after the
autocorrelation first goes below 0 and is at least 0.3. Period in ms = lag·B (lag·k points), snapped to an hour,
a day or a week within 5%.
"""

import json
import math
import os

import numpy as np
from statsmodels.tsa.stattools import acf

from common import ROOT, dumps, encode, rng, timestamps

MIN_POINTS = 16
MIN_STRENGTH = 0.3
MAX_BUCKETS = 1024
CALENDAR_MS = (3_600_000, 86_400_000, 604_800_000)


class TooFewPoints(Exception):
    pass


def detect_season(t, v):
    v = np.asarray(v, float)
    keep = ~np.isnan(v)
    xs = v[keep]
    ts = np.asarray(t, float)[keep]
    n = len(xs)
    if n < MIN_POINTS:
        raise TooFewPoints(n)
    xc = xs - xs.mean()
    tc = ts - ts.mean()
    slope = np.sum(tc * xc) / np.sum(tc * tc)
    detrended = xc - slope * tc
    step = float(np.median(np.diff(ts)))
    span = ts[-1] - ts[0]
    k = math.ceil((span / step + 1) / MAX_BUCKETS)
    bucket = k * step
    m = int(math.floor(span / bucket)) + 1
    which = np.floor((ts - ts[0]) / bucket).astype(int)
    y = np.zeros(m)
    for b in range(m):
        members = detrended[which == b]
        y[b] = members.mean() if len(members) else 0.0
    if not np.any(y != 0):
        return None
    max_lag = m // 2
    r = acf(y, nlags=min(max_lag + 1, m - 1), adjusted=False, fft=False)
    r = np.append(r, [0.0] * (max_lag + 2 - len(r)))
    best = None
    dipped = False
    for lag in range(2, max_lag + 1):
        dipped = dipped or r[lag] < 0
        if dipped and r[lag] >= r[lag - 1] and r[lag] >= r[lag + 1] and r[lag] >= MIN_STRENGTH:
            if best is None or r[lag] > best[1]:
                best = (lag, float(r[lag]))
    if best is None:
        return None
    period_points = best[0] * k
    period_ms = best[0] * bucket
    for c in CALENDAR_MS:
        if abs(period_ms - c) <= 0.05 * c:
            period_ms = float(c)
    return {"periodPoints": period_points, "periodMs": period_ms, "strength": best[1]}


def case(name, t, v):
    try:
        out = detect_season(t, v)
        expected = {"season": out}
    except TooFewPoints:
        expected = {"error": "too_few_points"}
    return {"name": name, "t": [int(x) for x in t], "v": [encode(x) for x in v], "expected": expected}


def main():
    g = rng(11)
    cases = []
    t = [i * 60000 for i in range(96)]
    cases.append(case("doc_example", t, [math.sin(2 * math.pi * i / 12) for i in range(96)]))
    n = 3 * 288  # three days at 5-minute steps, a daily cycle with noise and a trend
    t = timestamps(n, 300_000)
    daily = 100 + 40 * np.sin(2 * np.pi * np.arange(n) / 288) + g.normal(0, 5, n) + 0.02 * np.arange(n)
    cases.append(case("daily_at_5m_with_trend", t, np.round(daily, 3)))
    gappy = np.round(daily, 3).copy()
    gappy[g.choice(n, 40, replace=False)] = np.nan
    cases.append(case("daily_with_gaps", t, gappy))
    n = 5 * 1440  # five days at 1-minute steps: exercises the bucket averaging (8 points a bucket)
    t = timestamps(n)
    cases.append(case("daily_at_1m_bucketed", t, np.round(50 + 10 * np.sin(2 * np.pi * np.arange(n) / 1440)
                                                           + g.normal(0, 2, n), 3)))
    t = timestamps(500)
    cases.append(case("white_noise", t, np.round(g.normal(0, 1, 500), 3)))
    cases.append(case("constant", t, [7.0] * 500))
    cases.append(case("linear_trend", t, [0.5 * i for i in range(500)]))
    cases.append(case("too_few_points", t[:15], [1.0, 2.0] * 7 + [1.0]))
    nan_heavy = [math.nan] * 20 + [1.0, 2.0] * 7
    cases.append(case("too_few_valid_points", timestamps(34), nan_heavy))
    # Kind 3: a daily cycle that is missing every night (01:00-05:00): in points the cycle looks 20 hours long;
    # in time it is a day.
    n = 4 * 1440
    t = timestamps(n, t0=1_748_736_000_000)
    m = np.arange(n) % 1440
    nights = np.round(0.2 + 0.03 * np.sin(2 * np.pi * m / 1440) + g.normal(0, 0.01, n), 4)
    nights[(m >= 60) & (m < 300)] = np.nan
    cases.append(case("daily_missing_every_night", t, nights))
    doc = {"source": __doc__.strip().replace("\n", " "), "tolerance": {"abs": 1e-9, "rel": 1e-7}, "cases": cases}
    path = os.path.join(ROOT, "testdata", "season.json")
    with open(path, "w") as f:
        f.write(dumps(doc))
    print(f"wrote {path}: {len(cases)} cases;", [(c["name"], c["expected"]) for c in cases if c["name"] != "x"][:4])


if __name__ == "__main__":
    main()
