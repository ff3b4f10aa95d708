"""Vectors for `peer_outlier`, computed by definition with numpy, timestamp by timestamp: the series are joined on
the union of their timestamps (pandas outer join); at each timestamp the valid values (a series with no point or
NaN there is not a peer) give expected = np.median(values) and s = 1.4826 * np.median(|values - median|); the
pool is a queue of the deviations |values - median| of earlier timestamps with at least 3 peers (oldest first; entries older than
t - window*step leave first, step = the median of the first 31 gaps between those of them with a new sample; at most `window`; a timestamp whose every
peer repeats its previous sample (common.repeat_sources) does not enter it); once the pool holds ceil(window/2)
timestamps, spread = max(s, 1.4826 * np.median(the pool's non-zero deviations, 0 if none), minSpread*|median|, 1e-9*|median|, the smallest quantum of any member
(common.floors' rule per series, ties included)); the band is expected -+ sensitivity * spread and each series is scored against
it with the shared rule in common.py. Fewer than 3 valid values at a timestamp: NaN there. Fewer than 3 series:
too_few_series.
"""

import math

import numpy as np
import pandas as pd

from common import (
    RELATIVE_RESOLUTION, enc_list, vector_case, error_case, outputs, repeat_sources, score_against_band, series,
    standard_inputs, timestamps, within_magnitude, write)

DEFAULTS = {"window": 60, "minSpread": 0.0, "sensitivity": 5.0, "direction": "both", "minConsecutive": 1}


def reference(group, p):
    group = [(t, within_magnitude(v)) for t, v in group]
    frames = [pd.Series(np.asarray(v, float), index=pd.Index(np.asarray(t, np.int64)), name=i)
              for i, (t, v) in enumerate(group)]
    if all(len(t) == 0 for t, _ in group):
        df = pd.DataFrame(columns=range(len(group)), dtype=float)
    else:
        df = pd.concat(frames, axis=1, join="outer").sort_index()
    repeated = [set(i_t for i_t, src in zip(t, repeat_sources(list(t), np.asarray(v, float))) if src is not None)
                for t, v in group]
    # Each member's changes so far, for its quantum: (time, |change|) of consecutive valid samples, and the time
    # of its second tie (two consecutive samples equal), from which on the quantum counts.
    changes, first_tie = [], []
    for t, v in group:
        v = np.asarray(v, float)
        valid = [i for i in range(len(v)) if not math.isnan(v[i])]
        changes.append([(t[b], abs(v[b] - v[a])) for a, b in zip(valid, valid[1:])
                        if abs(v[b] - v[a]) > RELATIVE_RESOLUTION * max(abs(v[a]), abs(v[b]))])
        ties = [t[b] for a, b in zip(valid, valid[1:]) if v[b] == v[a]]
        first_tie.append(ties[1] if len(ties) >= 2 else math.inf)
    window = p["window"]
    fresh_times = []  # scored timestamps with a new sample of at least one peer, for the step
    median, spread = {}, {}
    pool = []  # (t, s)
    for ts, row in df.iterrows():
        ts = int(ts)
        present = row.dropna()
        values = present.to_numpy(float)
        if len(values) < 3:
            continue
        m = np.median(values)
        devs = np.abs(values - m)
        now = 1.4826 * np.median(devs)
        fresh = any(ts not in repeated[int(s)] for s in present.index)
        if fresh:
            fresh_times.append(ts)
        gaps = [b - a for a, b in zip(fresh_times, fresh_times[1:])][:31]
        step = float(np.median(gaps)) if gaps else 0.0
        while step > 0 and pool and pool[0][0] < ts - window * step:
            pool.pop(0)
        if len(pool) >= math.ceil(window / 2):
            quanta = [min(c for tc, c in ch if tc < ts) for ch, tie in zip(changes, first_tie)
                      if tie < ts and any(tc < ts for tc, _ in ch)]
            floor = max(RELATIVE_RESOLUTION * abs(m), min(quanta) if quanta else 0.0, p["minSpread"] * abs(m))
            median[ts] = m
            pooled = [d for _, ds in pool for d in ds if d > 0]
            spread[ts] = max(now, 1.4826 * float(np.median(pooled)) if pooled else 0.0, floor)
        if fresh:
            if len(pool) == window:
                pool.pop(0)
            pool.append((ts, list(devs)))
    outs = []
    k = p["sensitivity"]
    for t, v in group:
        v = np.asarray(v, float)
        expected = np.array([median.get(int(ti), np.nan) for ti in t], float)
        s = np.array([spread.get(int(ti), np.nan) for ti in t], float)
        expected[np.isnan(v)] = np.nan  # a missing point has no output
        lower, upper = expected - k * s, expected + k * s
        score, anomaly = score_against_band(v, expected, lower, upper, p["direction"], p["minConsecutive"])
        outs.append(outputs(expected, lower, upper, score, anomaly, math.ceil(window / 2)))
    return outs


def case(name, group, params, tolerance=None):
    return vector_case(name, params, [series(t, v) for t, v in group], reference(group, {**DEFAULTS, **params}), tolerance)


def peers(base, count, noise, seed):
    g = np.random.default_rng(seed)
    return [np.round(base + noise * g.normal(0.0, 1.0, len(base)), 3) for _ in range(count)]


def main():
    inputs = standard_inputs()
    t4 = [0, 1, 2, 3]
    doc = [(t4, [10.0, 11.0, 10.5, 10.0]), (t4, [10.5, 12.0, 11.0, 10.5]), (t4, [11.0, 11.0, 9.5, 11.0]),
           (t4, [9.5, 30.0, 10.0, 10.4])]
    cases = [case("doc_example", doc, {"window": 2})]

    n = len(inputs["normal"][0])
    flat = np.full(n, 100.0)
    phase = np.arange(n) % 24
    wave = 100.0 + 30.0 * np.sin(2 * np.pi * phase / 24)
    # Each standard series is one member of a group of peers shaped like its clean version.
    for name, (t, v) in inputs.items():
        if name in ("constant", "constant_then_step"):
            group = [(t, v)] + [(t, np.full(len(t), 5.0))] * 4
        elif name.startswith("seasonal"):
            group = [(t, v)] + [(t, p) for p in peers(wave, 4, 1.0, 21)]
        elif name in ("too_short", "empty"):
            group = [(t, v)] + [(t, p) for p in peers(flat[: len(t)], 2, 2.0, 22)]
        else:
            group = [(t, v)] + [(t, p) for p in peers(flat, 4, 2.0, 23)]
        cases.append(case(name, group, {}))

    # Parameter variations on points 100..239 (they hold the spikes and the shift) to keep the file small.
    t, spikes = inputs["spikes"]
    cut = slice(100, None)
    spike_group = [(t[cut], spikes[cut])] + [(t[cut], p[cut]) for p in peers(flat, 4, 2.0, 23)]
    cases.append(case("spikes_direction_up", spike_group, {"direction": "up"}))
    cases.append(case("spikes_direction_down", spike_group, {"direction": "down"}))
    cases.append(case("spikes_sensitivity_3", spike_group, {"sensitivity": 3}))
    cases.append(case("spikes_sensitivity_min", spike_group, {"sensitivity": 0.1}))
    cases.append(case("spikes_sensitivity_max", spike_group, {"sensitivity": 100}))
    _, shift = inputs["level_shift"]
    shift_group = [(t[cut], shift[cut])] + [(t[cut], p[cut]) for p in peers(flat, 4, 2.0, 23)]
    cases.append(case("level_shift_min_consecutive_3", shift_group, {"minConsecutive": 3}))

    # One pod out of twenty: pod 7 leaks memory from point 40 on; 60 points keep the file small.
    tp = timestamps(60)
    pods = peers(np.full(60, 512.0), 20, 8.0, 24)
    pods[7] = pods[7] + np.concatenate([np.zeros(40), np.arange(20) * 6.0])
    cases.append(case("twenty_pods_one_leaks", [(tp, p) for p in pods], {}))
    cases.append(case("even_group_size_4", [(tp, p) for p in pods[4:8]], {}))

    # Identical pods: MAD 0 at every instant and in the pool; the first difference ever is off a band as narrow
    # as the float resolution (score capped) unless minSpread is set.
    same = [np.full(60, 1.0) for _ in range(5)]
    same[2] = same[2].copy()
    same[2][10] = 1.001
    same[4] = same[4].copy()
    same[4][30] = 1.5
    cases.append(case("identical_pods_no_floor", [(tp, p) for p in same], {}))
    cases.append(case("identical_pods_min_spread", [(tp, p) for p in same], {"minSpread": 0.01}))
    cases.append(case("min_spread_max", [(tp, p) for p in pods[:5]], {"minSpread": 10}))

    # Alignment: a series missing timestamps, one with NaN, one on other timestamps (fewer than 3 peers there).
    a, b, c_, d = peers(np.full(60, 50.0), 4, 1.0, 25)
    keep = [i for i in range(60) if i % 7 != 3]
    b_nan = b.copy()
    b_nan[[5, 6, 20]] = np.nan
    t_off = [x + 30_000 for x in tp[:20]]
    cases.append(case("misaligned_timestamps", [(tp, a), ([tp[i] for i in keep], c_[keep]), (tp, b_nan),
                                                (t_off, d[:20])], {}))
    cases.append(case("three_series_one_nan", [(tp, a), (tp, b_nan), (tp, c_)], {}))
    cases.append(case("no_common_timestamps", [(tp[:10], a[:10]), (t_off[:10], b[:10]),
                                               ([x + 1 for x in tp[:10]], c_[:10])], {}))

    big = [np.round(1e9 + p, 3) for p in peers(flat, 5, 2.0, 26)]
    big[0][30] += 40.0
    # Values near 1e9 carry ~1e-7 absolute precision; the score is a small difference over the spread.
    cases.append(case("large_offset", [(tp, p[:60]) for p in big], {}, {"abs": 1e-5, "rel": 1e-7}))

    # Kind 1: four replicas that mostly report the same value (a ratio read from a shared source) and sometimes
    # differ by their usual noise; one pod steps off at 90. The spread pooled over time keeps the instants
    # where they agree exactly from making the next small difference an outlier.
    g = np.random.default_rng(27)
    tq = timestamps(120)
    replicas = []
    for _ in range(4):
        noisy = g.random(120) < 0.3
        replicas.append(np.round(np.where(noisy, 0.5 + 0.01 * g.normal(0.0, 1.0, 120), 0.5), 4))
    replicas[3][90:] += 0.2
    cases.append(case("replicas_mostly_identical", [(tq, r) for r in replicas], {"window": 30}))
    # Kind 6: three pods written every 15 minutes read at a 1-minute step (each sample 5 times).
    pushed = []
    for j in range(3):
        samples = np.round(200.0 + 5.0 * g.normal(0.0, 1.0, 9), 3)
        pushed.append(np.array([samples[i // 15] if i % 15 < 5 else np.nan for i in range(120)]))
    pushed[1][75:80] = 260.0
    cases.append(case("sparse_repeats", [(tq, x) for x in pushed], {"window": 10}))

    cases += error_cases()
    write(
        "peer_outlier",
        "scripts/vectors/peer_outlier.py: " + __doc__.strip().replace("\n", " "),
        cases,
    )
    summarize(cases)


def error_cases():
    t = timestamps(10)
    v = [1.0, 2.0, 3.0, 2.0, 1.0, 2.0, 3.0, 2.0, 1.0, 2.0]
    w = [2.0, 2.0, 3.0, 1.0, 1.0, 2.0, 2.0, 2.0, 3.0, 2.0]
    x = [1.0, 1.0, 2.0, 2.0, 1.0, 3.0, 2.0, 1.0, 2.0, 2.0]
    good = [series(t, v), series(t, w), series(t, x)]
    valid = {"minSpread": 0.01}
    bad = [{"window": 0}, {"window": 1.5}, {"minSpread": -0.1}, {"minSpread": 10.5}, {"minSpread": "1%"}, {"sensitivity": 0}, {"sensitivity": 101},
           {"direction": "sideways"}, {"minConsecutive": 0}, {"minConsecutive": 1.5}, {"minConsecutive": 1001}]
    cases = [error_case(f"error_invalid_param_{i}", b, good, "invalid_param") for i, b in enumerate(bad)]
    cases.append(error_case("error_unknown_param", {**valid, "noSuchParam": 1}, good, "invalid_param"))
    v_inf = list(w)
    v_inf[4] = math.inf
    cases.append(error_case("error_positive_infinity", valid, [series(t, v), series(t, v_inf), series(t, x)],
                            "non_finite_input"))
    v_ninf = list(x)
    v_ninf[6] = -math.inf
    cases.append(error_case("error_negative_infinity", valid, [series(t, v), series(t, w), series(t, v_ninf)],
                            "non_finite_input"))
    cases.append(error_case("error_length_mismatch", valid,
                            [series(t, v), {"t": t[:9], "v": enc_list(w)}, series(t, x)], "invalid_input"))
    t_bad = list(t)
    t_bad[5] = t_bad[4]
    cases.append(error_case("error_timestamps_not_ascending", valid, [series(t, v), series(t, w), series(t_bad, x)],
                            "invalid_input"))
    cases.append(error_case("error_two_series", valid, good[:2], "too_few_series"))
    cases.append(error_case("error_one_series", valid, good[:1], "too_few_series"))
    cases.append(error_case("error_no_series", valid, [], "too_few_series"))
    return cases


def summarize(cases):
    """Prints what each case flags per series, to check the cases are meaningful."""
    for c_ in cases:
        if isinstance(c_["expected"], dict):
            continue
        parts = []
        for i, out in enumerate(c_["expected"]):
            flagged = [j for j, a in enumerate(out["anomaly"]) if a]
            if flagged:
                parts.append(f"s{i}:{len(flagged)}{flagged[:6]}")
        print(f"  {c_['name']:32s} {' '.join(parts) or '-'}")


if __name__ == "__main__":
    main()
