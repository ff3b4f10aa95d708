"""Vectors for `isolation_forest`, from a plain Python implementation of Liu, Ting & Zhou (2008), "Isolation
Forest", written from the paper (Algorithms 1-3 and the c(n) normalisation), not from src/detectors or
pkg/detectors: recursive trees of Python objects over numpy sub-arrays, pandas for the timestamp alignment and the
lag differences.

scikit-learn's IsolationForest cannot produce the vectors because it draws with another RNG; the contract needs
the same forest in TS and Go, so the sampling and splits use the shared mulberry32 generator in a documented draw
order (below, and in the doc comments of both runtimes). As a sanity check the script prints (does not store) the
Spearman rank correlation between this implementation's scores and scikit-learn's on the same training data.

The specification this file implements:
- Rows: timestamps present in every series of the group with a non-NaN value in every series ("aligned rows").
  Features of a row, series by series: the value, then for l = 1..lags the difference to the value l aligned rows
  earlier. The first `lags` aligned rows have no features (warm-up).
- Aligned rows at which every series repeats its previous sample (common.repeat_sources) are dropped before the
  lags and take the score and flag of the row before them.
- Feature row m (0-based) is scored by the current forest. Its training rows are the feature rows of
  [max(0, m - window), m) with t >= t_m - window*S_m (S = common.step_at over the kept rows' times). A forest is built
  at m when none is usable or m - (last build) >= retrain, if there are >= warm = min(window, sampleSize) training
  rows (else none is usable); a forest whose newest training row is older than t_m - window*S_m is not usable.
  psi = warm.
- Random draws come from ONE mulberry32 generator seeded with `seed` at the start of the run: u = next() / 2^32.
  At each build, a permutation `perm` of the training rows starts as the identity; then for every tree in order:
  (1) psi draws of a partial Fisher-Yates shuffle: for j in 0..psi-1, r = j + floor(u·(N - j)), swap perm[j],
  perm[r]; the tree's sample is perm[0..psi) (the permutation carries over to the next tree of the same build);
  (2) the tree's nodes in pre-order (node, left subtree, right subtree). A node with <= 1 point or at depth
  >= ceil(log2 psi) is a leaf of size n. Otherwise the node draws its feature from the list of the d features in
  ascending order: q = list[floor(u·r)] with r the list's length; if q is constant in the node it is dropped (the
  list's last entry takes its place) and the node draws again; when the list runs out (all points identical) the
  node is a leaf of size n. Then the split p = min_q + u·(max_q - min_q); points with x_q < p go left.
- Path length of x in a tree: edges from the root to its leaf + c(leaf size); c(0) = c(1) = 0, c(2) = 1,
  c(n) = 2·(ln(n - 1) + 0.5772156649015329) - 2·(n - 1)/n. s = 2^(-mean path length / c(psi)).
- score = max(0, (s - 0.5) / (sensitivity - 0.5)): 1 when s equals the threshold `sensitivity`; anomaly per the
  shared flag rule (score > 1, minConsecutive); direction is ignored; expected/lower/upper are NaN everywhere.
"""

import math

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.ensemble import IsolationForest as SkIsolationForest

from common import (enc_list, error_case, flag_anomalies, repeat_sources, series, standard_inputs, step_at,
                    timestamps, within_magnitude, write)

EULER = 0.5772156649015329
DEFAULTS = {"window": 1000, "retrain": 100, "trees": 100, "sampleSize": 256, "lags": 0, "seed": 42,
            "sensitivity": 0.65, "direction": "both", "minConsecutive": 1}
MASK = 0xFFFFFFFF


class Mulberry32:
    """mulberry32 (Tommy Ettinger), 32-bit state; uniform() = next 32-bit output / 2^32, in [0, 1)."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next_u32(self):
        self.state = (self.state + 0x6D2B79F5) & MASK
        z = self.state
        z = ((z ^ (z >> 15)) * (z | 1)) & MASK
        z = (((z + (((z ^ (z >> 7)) * (z | 61)) & MASK)) & MASK) ^ z) & MASK
        return (z ^ (z >> 14)) & MASK

    def uniform(self):
        return self.next_u32() / 4294967296.0


def c(n):
    """Average path length of an unsuccessful BST search among n points (the paper's normalisation)."""
    if n <= 1:
        return 0.0
    if n == 2:
        return 1.0
    return 2.0 * (math.log(n - 1) + EULER) - 2.0 * (n - 1) / n


class Leaf:
    def __init__(self, size):
        self.size = size


class Split:
    def __init__(self, feature, value, left, right):
        self.feature, self.value, self.left, self.right = feature, value, left, right


def grow(X, depth, limit, rng):
    """iTree(X, e, l) of the paper; the split feature is drawn among the features that vary in X."""
    if depth >= limit or len(X) <= 1:
        return Leaf(len(X))
    remaining = list(range(X.shape[1]))
    while remaining:
        j = math.floor(rng.uniform() * len(remaining))
        q = remaining[j]
        lo, hi = X[:, q].min(), X[:, q].max()
        if hi > lo:
            break
        remaining[j] = remaining[-1]  # a constant feature is dropped; the last one takes its place
        remaining.pop()
    else:
        return Leaf(len(X))
    p = lo + rng.uniform() * (hi - lo)
    go_left = X[:, q] < p
    left = grow(X[go_left], depth + 1, limit, rng)
    right = grow(X[~go_left], depth + 1, limit, rng)
    return Split(q, p, left, right)


def path_length(x, node, depth=0):
    while isinstance(node, Split):
        node = node.left if x[node.feature] < node.value else node.right
        depth += 1
    return depth + c(node.size)


def build_forest(train, trees, psi, rng):
    limit = (psi - 1).bit_length()  # ceil(log2 psi)
    n = len(train)
    perm = list(range(n))
    forest = []
    for _ in range(trees):
        for j in range(psi):
            r = j + math.floor(rng.uniform() * (n - j))
            perm[j], perm[r] = perm[r], perm[j]
        forest.append(grow(train[perm[:psi]], 0, limit, rng))
    return forest


def anomaly_measure(x, forest, psi):
    total = 0.0
    for tree in forest:
        total += path_length(x, tree)
    return 2.0 ** (-(total / len(forest)) / c(psi))


def aligned_features(group, lags):
    """Aligned rows (inner join on timestamps, NaN rows dropped, rows where every series repeats dropped) and their
    features, via pandas; also the dropped repeat rows' times and the kept row each repeats."""
    frames = [pd.Series(np.asarray(v, float), index=pd.Index(np.asarray(t, np.int64)), name=i)
              for i, (t, v) in enumerate(group)]
    df = pd.concat(frames, axis=1, join="inner").dropna()
    repeated = [set(int(ti) for ti, src in zip(t, repeat_sources(list(t), np.asarray(v, float))) if src is not None)
                for t, v in group]
    keep, dup_of = [], {}
    for ti in df.index:
        ti = int(ti)
        if keep and all(ti in r for r in repeated):
            dup_of[ti] = keep[-1]
        else:
            keep.append(ti)
    df = df.loc[keep]
    cols = []
    for i in range(len(group)):
        cols.append(df[i])
        for lag in range(1, lags + 1):
            cols.append(df[i].diff(lag))
    feats = pd.concat(cols, axis=1).iloc[lags:]
    return feats.index.to_numpy(), feats.to_numpy(float), keep, dup_of


def reference(group, p):
    group = [(t, within_magnitude(v)) for t, v in group]
    times, X, keep, dup_of = aligned_features(group, p["lags"])
    warm = min(p["window"], p["sampleSize"])
    rng = Mulberry32(p["seed"])
    s = np.full(len(X), np.nan)
    steps = step_at(keep, list(range(len(keep))))
    forest, built, newest = None, -1, 0
    for m in range(len(X)):
        t = int(times[m])
        span = p["window"] * steps[m + p["lags"]]
        first = max(0, m - p["window"])
        while first < m and times[first] < t - span:
            first += 1
        if built >= 0 and newest < t - span:
            built = -1
        if built < 0 or m - built >= p["retrain"]:
            if m - first >= warm:
                forest, built, newest = build_forest(X[first:m], p["trees"], warm, rng), m, int(times[m - 1])
            else:
                built = -1
        if built >= 0:
            s[m] = anomaly_measure(X[m], forest, warm)
    score_by_time = dict(zip(times.tolist(), np.maximum(0.0, (s - 0.5) / (p["sensitivity"] - 0.5)).tolist()))
    outs = []
    for t, v in group:
        score = np.array([score_by_time.get(int(ti), np.nan) for ti in t], float)
        anomaly = flag_anomalies(np.asarray(v, float), score, p["minConsecutive"])
        pos = {int(ti): i for i, ti in enumerate(t)}
        for dup, src in dup_of.items():
            score[pos[dup]], anomaly[pos[dup]] = score[pos[src]], anomaly[pos[src]]
        nan = [math.nan] * len(t)
        outs.append({"expected": enc_list(nan), "lower": enc_list(nan), "upper": enc_list(nan),
                     "score": enc_list(score), "anomaly": [bool(a) for a in anomaly],
                     "warmup": p["lags"] + warm})
    return outs


def case(name, group, params):
    p = {**DEFAULTS, **params}
    return {"name": name, "params": params, "input": [series(t, v) for t, v in group],
            "expected": reference(group, p)}


def sklearn_sanity_check(X, trees, psi, seed=42):
    """Prints how well this implementation ranks points like scikit-learn's (different RNG, same algorithm)."""
    half = len(X) // 2
    forest = build_forest(X[:half], trees, psi, Mulberry32(seed))
    ours = [anomaly_measure(x, forest, psi) for x in X[half:]]
    sk = SkIsolationForest(n_estimators=trees, max_samples=psi, random_state=seed).fit(X[:half])
    theirs = -sk.score_samples(X[half:])
    rho = spearmanr(ours, theirs).statistic
    print(f"sanity: Spearman rank correlation with sklearn IsolationForest on {len(X) - half} points: {rho:.3f}")


def main():
    inputs = standard_inputs()
    small = {"window": 100, "retrain": 20, "trees": 50, "sampleSize": 64}
    doc_t = list(range(12))
    doc_group = [(doc_t, [10.0, 12.5, 11.0, 13.0, 9.5, 14.0, 11.5, 12.0, 10.5, 13.5, 30.0, 12.0]),
                 (doc_t, [5.0, 4.5, 6.0, 5.5, 4.0, 6.5, 5.0, 4.5, 6.0, 5.5, 15.0, 4.5])]
    cases = [case("doc_example", doc_group,
                  {"window": 8, "retrain": 4, "trees": 20, "sampleSize": 8, "sensitivity": 0.6})]
    for name, (t, v) in inputs.items():
        cases.append(case(name, [(t, v)], small))

    t, normal = inputs["normal"]
    _, spikes = inputs["spikes"]
    _, seasonal = inputs["seasonal"]
    _, seasonal_spike = inputs["seasonal_spike"]
    _, level_shift = inputs["level_shift"]
    _, gaps = inputs["nan_gaps"]
    g = np.random.default_rng(11)
    other = np.round(50.0 + 1.0 * g.normal(0.0, 1.0, len(t)), 3)

    # Several series: a joint outlier at 150 (all three series move), single-series spikes at 190 and 220.
    joint = other.copy()
    joint[150] += 6.0
    dip = normal.copy()
    dip[150] -= 8.0
    cases.append(case("group_spikes_joint_dip", [(t, spikes), (t, joint), (t, dip)], small))
    # The seasonal spike at 200 stays inside the range of the wave, so it is not isolated; with lags=1 its change is
    # one feature of four and still scores below 1. An isolation forest has no seasonal context (documented).
    cases.append(case("group_seasonal_spike", [(t, seasonal_spike), (t, other)], small))
    cases.append(case("group_seasonal_spike_lags_1", [(t, seasonal_spike), (t, other)], {**small, "lags": 1}))
    # Defaults need 256 training points: a longer pair of series, with a joint spike at 350.
    g2 = np.random.default_rng(13)
    t_long = timestamps(400)
    cpu = np.round(40.0 + 3.0 * g2.normal(0.0, 1.0, 400), 3)
    latency = np.round(0.2 + 0.01 * g2.normal(0.0, 1.0, 400), 4)
    cpu[350] += 30.0
    latency[350] += 0.1
    cases.append(case("group_default_params", [(t_long, cpu), (t_long, latency)], {}))
    # Gaps: NaN in one series removes the timestamp for every series; a series with missing timestamps too.
    t_missing = [ti for i, ti in enumerate(t) if i % 17 != 5]
    v_missing = [vi for i, vi in enumerate(other) if i % 17 != 5]
    cases.append(case("group_nan_gaps_and_missing_timestamps", [(t, gaps), (t_missing, v_missing)], small))
    t_offset = [ti + 30_000 for ti in t]
    cases.append(case("group_no_common_timestamps", [(t, normal), (t_offset, other)], small))
    cases.append(case("group_lengths_differ", [(t, spikes), (t[:200], other[:200])], small))

    # Parameters one by one.
    cases.append(case("lags_1", [(t, spikes)], {**small, "lags": 1}))
    cases.append(case("lags_3_group", [(t, spikes), (t, joint)], {**small, "lags": 3}))
    cases.append(case("lags_10_seasonal", [(t, seasonal_spike)], {**small, "lags": 10, "trees": 10}))
    cases.append(case("window_small_retrain_1", [(t, spikes)], {"window": 30, "retrain": 1, "trees": 10,
                                                                 "sampleSize": 16}))
    cases.append(case("sample_size_capped_by_window", [(t, spikes)], {"window": 40, "retrain": 10, "trees": 20,
                                                                       "sampleSize": 4096}))
    cases.append(case("sample_size_2", [(t, spikes)], {**small, "sampleSize": 2}))
    cases.append(case("trees_1", [(t, spikes)], {**small, "trees": 1}))
    cases.append(case("retrain_large", [(t, level_shift)], {**small, "retrain": 100000}))
    cases.append(case("seed_0", [(t, spikes)], {**small, "seed": 0}))
    cases.append(case("seed_max", [(t, spikes)], {**small, "seed": 2**31 - 1}))
    cases.append(case("sensitivity_low", [(t, normal)], {**small, "sensitivity": 0.51}))
    cases.append(case("sensitivity_high", [(t, spikes)], {**small, "sensitivity": 0.99}))
    # direction is ignored: the same numbers as "spikes".
    cases.append(case("spikes_direction_up", [(t, spikes)], {**small, "direction": "up"}))
    cases.append(case("spikes_direction_down", [(t, spikes)], {**small, "direction": "down"}))
    cases.append(case("level_shift_min_consecutive_3", [(t, level_shift)], {**small, "minConsecutive": 3}))
    large = np.round(1e9 + normal, 3)
    large[150] += 25.0
    cases.append(case("large_offset", [(t, large)], small))

    # Kind 3: a three-hour gap in time (no timestamps) after 120 rows: the forest trained before it is not used
    # after it; the detector warms up again on rows after the gap.
    t_gap = t[:120] + [x + 3 * 3_600_000 for x in t[120:]]
    cases.append(case("gap_in_time", [(t_gap, spikes), (t_gap, other)], small))
    # Kind 6: two series written every 5 minutes read at a 1-minute step (each sample 5 times): the same forest
    # and scores as the samples alone, repeated.
    g3 = np.random.default_rng(17)
    samples = [np.round(50.0 + 2.0 * g3.normal(0.0, 1.0, 60), 3) for _ in range(2)]
    samples[0][50] += 30.0
    t_fine = timestamps(300)
    cases.append(case("sparse_repeats", [(t_fine, np.repeat(x, 5)) for x in samples],
                      {"window": 40, "retrain": 10, "trees": 20, "sampleSize": 16}))
    cases.append(case("sparse_repeats_native", [(t_fine[::5], x) for x in samples],
                      {"window": 40, "retrain": 10, "trees": 20, "sampleSize": 16}))

    cases += error_cases()
    write(
        "isolation_forest",
        "scripts/vectors/isolation_forest.py: an independent plain-Python Isolation Forest written from Liu, Ting "
        "& Zhou (2008) (recursive iTrees over numpy sub-arrays, pandas inner join and diff for alignment and lag "
        "features), drawing from the shared mulberry32 generator in the documented order, because scikit-learn's "
        "IsolationForest uses another RNG (the script prints its rank correlation with sklearn as a sanity check).",
        cases,
    )
    X = np.column_stack([spikes, joint])
    sklearn_sanity_check(X, trees=100, psi=64)
    summarize(cases)


def error_cases():
    t = timestamps(10)
    v = [1.0, 2.0, 3.0, 2.0, 1.0, 2.0, 3.0, 2.0, 1.0, 2.0]
    w = [2.0, 2.0, 3.0, 1.0, 1.0, 2.0, 2.0, 2.0, 3.0, 2.0]
    good = [series(t, v), series(t, w)]
    valid = {"window": 5}
    bad = [{"window": 1}, {"window": 100001}, {"window": 2.5}, {"window": "30"}, {"retrain": 0},
           {"retrain": 100001}, {"trees": 0}, {"trees": 1001}, {"sampleSize": 1}, {"sampleSize": 4097},
           {"lags": -1}, {"lags": 11}, {"lags": 1.5}, {"seed": -1}, {"seed": 2**31}, {"seed": 0.5},
           {"sensitivity": 0.5}, {"sensitivity": 1}, {"sensitivity": "high"}, {"direction": "sideways"},
           {"minConsecutive": 0}]
    cases = [error_case(f"error_invalid_param_{i}", b, good, "invalid_param") for i, b in enumerate(bad)]
    cases.append(error_case("error_unknown_param", {**valid, "noSuchParam": 1}, good, "invalid_param"))
    v_inf = list(w)
    v_inf[4] = math.inf
    cases.append(error_case("error_positive_infinity", valid, [series(t, v), series(t, v_inf)], "non_finite_input"))
    v_ninf = list(v)
    v_ninf[6] = -math.inf
    cases.append(error_case("error_negative_infinity", valid, [series(t, v_ninf), series(t, w)], "non_finite_input"))
    cases.append(error_case("error_length_mismatch", valid, [series(t, v), {"t": t[:9], "v": enc_list(w)}],
                            "invalid_input"))
    t_bad = list(t)
    t_bad[5] = t_bad[4]
    cases.append(error_case("error_timestamps_not_ascending", valid, [series(t, v), series(t_bad, w)],
                            "invalid_input"))
    cases.append(error_case("error_no_series", valid, [], "too_few_series"))
    return cases


def summarize(cases):
    """Prints what each case flags, to check the cases are meaningful (spikes flagged, normal mostly not)."""
    for c_ in cases:
        if isinstance(c_["expected"], dict):
            continue
        out = c_["expected"][0]
        flagged = [i for i, a in enumerate(out["anomaly"]) if a]
        scores = [x for x in out["score"] if x != "NaN"]
        top = max(scores) if scores else float("nan")
        print(f"  {c_['name']:40s} flagged {len(flagged):3d} {flagged[:12]} max score {top:.3f}")


if __name__ == "__main__":
    main()
