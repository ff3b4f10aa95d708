"""Reference for the per-series contribution of multivariate detectors (src/detectors/contribution.ts,
pkg/detectors/contribution.go): writes testdata/contribution.json, read by both test suites.

Definition (independent numpy implementation of the rule documented in the TypeScript and Go files):

* peer_outlier at timestamp t: the peers are the series with a valid (non-NaN) value at t (fewer than 3 peers:
  every deviation NaN, as the detector scores nothing there). m = median of the peers, spread = max(1.4826 * MAD, minSpread * |m|). deviation_s = |x_s - m| / spread (0 when spread is 0 and
  x_s == m, the score cap 100 when spread is 0 and x_s != m), capped at 100.
* isolation_forest at timestamp t: per series s, its valid values y_0..y_j up to t (y_j = value at t). Features:
  f_0 = y_j and, for l = 1..lags, f_l = y_j - y_{j-l}. The reference of feature l is the same feature at the
  positions j-W..j-1 (W = window) that have one (position >= l). z_l = |f_l - median(ref)| / (1.4826 * MAD(ref)),
  0 when fewer than 3 reference values, 0 / 100 when the MAD is 0 (equal / not equal to the median), capped at
  100. deviation_s = sqrt(sum_l z_l^2).
* A series without a valid value at t has deviation NaN and share 0. share_s = deviation_s^2 / sum of the
  squared deviations (all shares 0 when that sum is 0).
"""

import json
import math
import os

import numpy as np

from common import ROOT, enc_list, series, timestamps

CAP = 100.0
MAD_TO_SIGMA = 1.4826


def robust_z(x, ref):
    if len(ref) < 3:
        return 0.0
    ref = np.asarray(ref, dtype=float)
    med = float(np.median(ref))
    mad = float(np.median(np.abs(ref - med)))
    if mad == 0.0:
        return 0.0 if x == med else CAP
    return min(abs(x - med) / (MAD_TO_SIGMA * mad), CAP)


def peer_deviations(values, min_spread):
    valid = np.array([x for x in values if not math.isnan(x)])
    out = []
    if len(valid) < 3:  # the detector scores nothing with fewer than 3 peers
        return [math.nan] * len(values)
    med = float(np.median(valid))
    spread = max(MAD_TO_SIGMA * float(np.median(np.abs(valid - med))), min_spread * abs(med))
    for x in values:
        if math.isnan(x):
            out.append(math.nan)
        elif spread == 0.0:
            out.append(0.0 if x == med else CAP)
        else:
            out.append(min(abs(x - med) / spread, CAP))
    return out


def forest_deviation(t, v, at, window, lags):
    idx = [i for i in range(len(t)) if t[i] <= at and not math.isnan(v[i])]
    if not idx or t[idx[-1]] != at:
        return math.nan
    y = [v[i] for i in idx]
    j = len(y) - 1
    total = 0.0
    for l in range(lags + 1):
        if j - l < 0:
            continue
        feature = (lambda p: y[p]) if l == 0 else (lambda p, l=l: y[p] - y[p - l])
        f = feature(j)
        ref = [feature(p) for p in range(max(0, j - window), j) if p - l >= 0]
        total += robust_z(f, ref) ** 2
    return math.sqrt(total)


def shares(devs):
    sq = [0.0 if math.isnan(d) else d * d for d in devs]
    s = sum(sq)
    return [0.0 if s == 0 else q / s for q in sq]


def case(name, detector, params, inputs, at):
    if detector == "peer_outlier":
        values = []
        for s in inputs:
            hit = [x for tt, x in zip(s["t"], s["v"]) if tt == at]
            values.append(hit[0] if hit else math.nan)
        devs = peer_deviations(values, params.get("minSpread", 0.0))
    else:
        devs = [forest_deviation(s["t"], s["v"], at, params["window"], params["lags"]) for s in inputs]
    return {
        "name": name,
        "detector": detector,
        "params": params,
        "at": at,
        "input": [series(s["t"], s["v"]) for s in inputs],
        "expected": {"share": enc_list(shares(devs)), "deviation": enc_list(devs)},
    }


def main():
    rng = np.random.default_rng(7)
    n = 60
    t = timestamps(n)
    cases = []

    # peer_outlier: one pod out of five at the last timestamp.
    pods = [list(10 + rng.normal(0, 0.5, n)) for _ in range(5)]
    pods[3][-1] += 8
    cases.append(case("peer_one_outlier", "peer_outlier", {"minSpread": 0.0},
                      [{"t": t, "v": p} for p in pods], t[-1]))
    # peer_outlier: identical pods but one (MAD 0 -> the cap), and a minSpread floor.
    same = [[5.0] * 4 for _ in range(4)]
    same[1][2] = 6.0
    cases.append(case("peer_zero_mad", "peer_outlier", {"minSpread": 0.0},
                      [{"t": t[:4], "v": s} for s in same], t[2]))
    cases.append(case("peer_min_spread", "peer_outlier", {"minSpread": 0.1},
                      [{"t": t[:4], "v": s} for s in same], t[2]))
    # peer_outlier: a missing value and a timestamp one series lacks.
    gap = [list(20 + rng.normal(0, 1, 10)) for _ in range(5)]
    gap[0][5] = math.nan
    gap[2][5] += 15
    short_t = t[:5] + t[6:10]
    cases.append(case("peer_missing_values", "peer_outlier", {"minSpread": 0.0},
                      [{"t": t[:10], "v": gap[0]}, {"t": t[:10], "v": gap[1]},
                       {"t": t[:10], "v": gap[2]}, {"t": short_t, "v": gap[3][:5] + gap[3][6:10]},
                       {"t": t[:10], "v": gap[4]}], t[5]))
    # peer_outlier: only two peers at the timestamp -> nothing scored.
    cases.append(case("peer_too_few_peers", "peer_outlier", {"minSpread": 0.0},
                      [{"t": t[:3], "v": [1.0, 2.0, math.nan]}, {"t": t[:3], "v": [1.0, 2.0, 9.0]},
                       {"t": t[:3], "v": [1.0, 2.0, 3.0]}], t[2]))
    # peer_outlier: everyone on the median -> shares all 0.
    cases.append(case("peer_all_equal", "peer_outlier", {"minSpread": 0.0},
                      [{"t": t[:2], "v": [3.0, 3.0]} for _ in range(3)], t[1]))

    # isolation_forest: CPU jumps at the last point, latency stays ordinary.
    cpu = list(50 + rng.normal(0, 2, n))
    lat = list(0.2 + rng.normal(0, 0.01, n))
    cpu[-1] = 80.0
    cases.append(case("forest_cpu_jump", "isolation_forest", {"window": 40, "lags": 0},
                      [{"t": t, "v": cpu}, {"t": t, "v": lat}], t[-1]))
    # isolation_forest with lags: a jump shows in the change features as well.
    cases.append(case("forest_lags", "isolation_forest", {"window": 30, "lags": 2},
                      [{"t": t, "v": cpu}, {"t": t, "v": lat}], t[-1]))
    # isolation_forest: gaps in the history, a constant series (MAD 0), a point before the window fills.
    gappy = list(lat)
    for i in (10, 11, 40):
        gappy[i] = math.nan
    const = [7.0] * n
    const[-1] = 7.5
    cases.append(case("forest_gaps_and_constant", "isolation_forest", {"window": 1000, "lags": 1},
                      [{"t": t, "v": gappy}, {"t": t, "v": const}, {"t": t, "v": cpu}], t[-1]))
    cases.append(case("forest_short_history", "isolation_forest", {"window": 100, "lags": 0},
                      [{"t": t, "v": cpu}, {"t": t, "v": lat}], t[2]))
    # isolation_forest: one series has no value at the timestamp.
    missing = list(lat)
    missing[30] = math.nan
    cases.append(case("forest_missing_at_t", "isolation_forest", {"window": 20, "lags": 0},
                      [{"t": t, "v": cpu}, {"t": t, "v": missing}], t[30]))

    out = {
        "source": "scripts/vectors/contribution.py (numpy medians; rule in the module docstring)",
        "tolerance": {"abs": 1e-9, "rel": 1e-7},
        "cases": cases,
    }
    path = os.path.join(ROOT, "testdata", "contribution.json")
    with open(path, "w") as f:
        f.write("{\n")
        f.write(f'  "source": {json.dumps(out["source"])},\n')
        f.write(f'  "tolerance": {json.dumps(out["tolerance"])},\n')
        f.write('  "cases": [\n')
        f.write(",\n".join("    " + json.dumps(c) for c in cases))
        f.write("\n  ]\n}\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({len(cases)} cases)")


if __name__ == "__main__":
    main()
