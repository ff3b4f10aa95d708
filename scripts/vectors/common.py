"""Shared helpers for the vector generators: series builders and the vector file format.

Every generator computes its expected numbers with an implementation independent of src/detectors and
pkg/detectors (numpy/pandas/scipy/statsmodels where they have the algorithm), then writes
testdata/detectors/<detector>.json. Run all of them with `npm run vectors` (needs the pip packages in
scripts/vectors/requirements.txt).
"""

import json
import math
import os

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(ROOT, "testdata", "detectors")

# Tolerance rule used identically by both test suites: |got - want| <= abs + rel * |want|.
DEFAULT_TOLERANCE = {"abs": 1e-9, "rel": 1e-7}

# Values beyond +-MAX_MAGNITUDE are detected as that bound (src/detectors/series.ts, pkg/detectors/series.go):
# the spreads' sums of squares stay finite.
MAX_MAGNITUDE = 1e150

T0 = 1_700_000_000_000  # ms; a fixed start keeps files stable
STEP = 60_000  # one minute


def timestamps(n, step=STEP, t0=T0):
    return [t0 + i * step for i in range(n)]


def rng(seed):
    return np.random.default_rng(seed)


def encode(x):
    """Floats as JSON numbers, special floats as the strings the contract names."""
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "+Inf" if x > 0 else "-Inf"
    return x


def enc_list(xs):
    return [encode(x) for x in xs]


def series(t, v):
    return {"t": [int(x) for x in t], "v": enc_list(v)}


def outputs(expected, lower, upper, score, anomaly, warmup):
    return {
        "expected": enc_list(expected),
        "lower": enc_list(lower),
        "upper": enc_list(upper),
        "score": enc_list(score),
        "anomaly": [bool(a) for a in anomaly],
        "warmup": int(warmup),
    }


def vector_case(name, params, input_, expected, tolerance=None):
    """One case of a vector file; `tolerance` overrides the file's where float precision limits agreement."""
    c = {"name": name, "params": params, "input": input_, "expected": expected}
    if tolerance:
        c["tolerance"] = tolerance
    return c


def error_case(name, params, input_, code):
    return {"name": name, "params": params, "input": input_, "expected": {"error": code}}


SCORE_CAP = 100.0
LOOKBACK_MS = 300_000  # Prometheus' default lookback delta
STEP_GAPS = 31
RELATIVE_RESOLUTION = 1e-9
CLIP_SPREADS = 3.0


def score_against_band(v, expected, lower, upper, direction="both", min_consecutive=1, bounds_from=None):
    """The shared scoring of docs/detection-contract.md, written out independently of both runtimes. Then the physical
    bounds, on what is drawn only: where every earlier valid value of bounds_from (default v) is >= 0 the band and
    expected are raised to >= 0, and where every earlier value is also <= 1 they are lowered to <= 1. The arrays
    are modified in place."""
    n = len(v)
    bounds_from = v if bounds_from is None else bounds_from
    score = np.full(n, np.nan)
    for i in range(n):
        x, e = v[i], expected[i]
        if math.isnan(x) or math.isnan(e):
            continue
        dev = x - e
        if dev == 0 or (direction == "up" and dev < 0) or (direction == "down" and dev > 0):
            score[i] = 0.0
        else:
            hw = upper[i] - e if dev > 0 else e - lower[i]
            score[i] = min(abs(dev) / hw, SCORE_CAP) if hw > 0 else SCORE_CAP
        before = [b for b in bounds_from[:i] if not math.isnan(b)]
        if before and min(before) >= 0:
            lower[i], expected[i], upper[i] = max(lower[i], 0.0), max(e, 0.0), max(upper[i], 0.0)
            if max(before) <= 1:
                lower[i], expected[i], upper[i] = min(lower[i], 1.0), min(expected[i], 1.0), min(upper[i], 1.0)
    return score, flag_anomalies(v, score, min_consecutive)


def step_at(t, valid):
    """The causal series step at each valid index: the median of the gaps between the valid points up to and
    including it, over the first STEP_GAPS gaps only (numpy's median of the list of gaps)."""
    out = {}
    gaps = []
    prev = None
    for i in valid:
        if prev is not None and len(gaps) < STEP_GAPS:
            gaps.append(t[i] - t[prev])
        prev = i
        out[i] = float(np.median(gaps)) if gaps else 0.0
    return out


def floors(v, valid):
    """The spread floor function at each valid index: f(e) = max(1e-9·|e|, quantum of the samples before it),
    the quantum being the smallest change between consecutive valid samples above 1e-9 of their magnitude, once
    consecutive samples were exactly equal (a tie) twice, else 0."""
    out = {}
    changes = []
    ties = 0
    prev = None
    for i in valid:
        q = min(changes) if changes and ties >= 2 else 0.0
        out[i] = (lambda e, q=q: max(RELATIVE_RESOLUTION * abs(e), q))
        if prev is not None:
            d = abs(v[i] - v[prev])
            ties += d == 0
            if d > RELATIVE_RESOLUTION * max(abs(v[i]), abs(v[prev])):
                changes.append(d)
        prev = i
    return out


def local_ms(t, tz):
    """t (Unix ms) on the wall clock of the IANA zone tz, as ms since 1970-01-01 00:00 local (zoneinfo)."""
    if tz in ("UTC", "Etc/UTC"):
        return t
    from datetime import datetime
    from zoneinfo import ZoneInfo
    offset = datetime.fromtimestamp(t // 1000, ZoneInfo(tz)).utcoffset()
    return t + int(offset.total_seconds()) * 1000


def daily_local(days, tz, step_ms=3_600_000, start="2025-03-20", seed=5, peak_hour=15, noise=1.0):
    """A daily load shape on the local clock of tz (peak at peak_hour local), hourly by default, starting at local
    midnight of `start`: the input for seasons across a daylight saving change (Europe/Paris: 2025-03-30)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo
    t0 = int(datetime.fromisoformat(start).replace(tzinfo=ZoneInfo(tz)).timestamp() * 1000)
    n = days * 86_400_000 // step_ms
    t = [t0 + i * step_ms for i in range(n)]
    g = rng(seed)
    hours = np.array([(local_ms(x, tz) % 86_400_000) / 3_600_000 for x in t])
    v = np.round(100.0 + 40.0 * np.cos(2 * np.pi * (hours - peak_hour) / 24) + noise * g.normal(0.0, 1.0, n), 3)
    return t, v


def clip(x, e, spread):
    return min(max(x, e - CLIP_SPREADS * spread), e + CLIP_SPREADS * spread)


def repeat_sources(t, v):
    """For each point the index of the sample it repeats (identical to the point before, within the 5-minute
    lookback of its run's first point), else None; NaN never repeats."""
    out = [None] * len(v)
    run = 0
    for i in range(1, len(v)):
        if math.isnan(v[i]) or math.isnan(v[i - 1]) or v[i] != v[i - 1]:
            run = i
        elif t[i] - t[run] < LOOKBACK_MS:
            out[i] = run
    return out


def within_magnitude(v):
    """The values a detector scores: each clipped to [-MAX_MAGNITUDE, MAX_MAGNITUDE] (NaN stays NaN)."""
    return np.clip(np.asarray(v, float), -MAX_MAGNITUDE, MAX_MAGNITUDE)


def on_samples(reference):
    """Wraps a univariate reference `reference(t, v, ...) -> outputs dict` so it runs on the samples of the series
    (repeats removed) and repeats copy the outputs of the sample they repeat, as the registries do; values beyond
    MAX_MAGNITUDE are clamped first (within_magnitude)."""
    def run(t, v, *args, **kwargs):
        t = list(t)
        v = within_magnitude(v)
        src = repeat_sources(t, v)
        if all(s is None for s in src):
            return reference(t, v, *args, **kwargs)
        keep = [i for i in range(len(v)) if src[i] is None]
        pos = {i: j for j, i in enumerate(keep)}
        out = reference([t[i] for i in keep], v[keep], *args, **kwargs)
        full = {k: [out[k][pos[i if src[i] is None else src[i]]] for i in range(len(v))]
                for k in ("expected", "lower", "upper", "score", "anomaly")}
        full["warmup"] = out["warmup"]
        return full
    return run


def flag_anomalies(v, score, min_consecutive=1):
    anomaly = [False] * len(v)
    run = 0
    for i in range(len(v)):
        if math.isnan(v[i]) or math.isnan(score[i]):
            continue
        run = run + 1 if score[i] > 1 else 0
        anomaly[i] = run >= min_consecutive
    return anomaly


def dumps(doc):
    """JSON with one case per line: readable diffs without a line per number."""
    head = {k: v for k, v in doc.items() if k != "cases"}
    lines = [json.dumps(c, allow_nan=False, separators=(",", ":")) for c in doc["cases"]]
    text = json.dumps(head, indent=1, allow_nan=False)[:-2]
    return text + ',\n "cases": [\n' + ",\n".join(lines) + "\n ]\n}\n"


def write(detector, source, cases, tolerance=None):
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    doc = {
        "detector": detector,
        "source": source,
        "tolerance": tolerance or DEFAULT_TOLERANCE,
        "cases": cases,
    }
    path = os.path.join(OUT_DIR, f"{detector}.json")
    with open(path, "w") as f:
        f.write(dumps(doc))
    print(f"wrote {path}: {len(cases)} cases")


def standard_inputs(n=240, seed=7):
    """The named input series every vector file covers (issue: normal, spikes, level shift, seasonality,
    NaN gaps, constant, too short). Values are rounded to 1e-3 so the JSON text is exact."""
    g = rng(seed)
    t = timestamps(n)
    noise = g.normal(0.0, 1.0, n)
    normal = np.round(100.0 + 2.0 * noise, 3)
    spikes = normal.copy()
    for i, d in ((150, 25.0), (190, -22.0), (220, 30.0)):
        spikes[i] += d
    shift = normal.copy()
    shift[160:] += 20.0
    phase = np.arange(n) % 24
    seasonal = np.round(100.0 + 30.0 * np.sin(2 * np.pi * phase / 24) + 1.0 * noise, 3)
    seasonal_spike = seasonal.copy()
    seasonal_spike[200] += 25.0
    gaps = spikes.copy()
    gaps[[20, 21, 22, 100, 149, 151, 230]] = np.nan
    constant = np.full(n, 5.0)
    constant_then_step = constant.copy()
    constant_then_step[200] = 6.0
    return {
        "normal": (t, normal),
        "spikes": (t, spikes),
        "level_shift": (t, shift),
        "seasonal": (t, seasonal),
        "seasonal_spike": (t, seasonal_spike),
        "nan_gaps": (t, gaps),
        "constant": (t, constant),
        "constant_then_step": (t, constant_then_step),
        "too_short": (t[:5], normal[:5]),
        "empty": ([], np.array([])),
    }


# Scores of last-bit deviations (1 ulp off a floor of 1e-9 of the value) are rounding noise of order 1e-7: the
# detectors' sums and numpy's differ in the last bit there, so that case is compared to 1e-6.
KIND_TOLERANCE = {"float_noise_then_step": {"abs": 1e-6, "rel": 1e-7}}


def kind_inputs(seed=23):
    """Inputs for the fault kinds of real Prometheus data (issue 15), each 240 points or so, 1-minute steps unless
    said otherwise; values rounded to 1e-3 where they are noise, so the JSON text is exact."""
    g = rng(seed)
    n = 240
    t = timestamps(n)
    out = {}
    # 1. A constant ratio with last-bit float noise (0.1 + 0.2, 0.7 - 0.4), then a real step.
    v = np.full(n, 0.3)
    noise = g.random(n)
    v[noise < 0.08] = 0.1 + 0.2
    v[(noise >= 0.08) & (noise < 0.12)] = 0.7 - 0.4
    v[200:] = 0.4
    out["float_noise_then_step"] = (t, v)
    # 1. Counts of rare events as a rate over 5 minutes: multiples of 1/300, mostly 0.
    per_min = (g.random(n + 4) < 0.05).astype(float)
    out["rare_counts"] = (t, np.array([per_min[i:i + 5].sum() / 300.0 for i in range(n)]))
    # 2. Noise with one absurd point (a counter glitch), then a real dip 40 points later.
    v = np.round(100.0 + 2.0 * g.normal(0.0, 1.0, n), 3)
    v[150] = 200000.0
    v[190:200] -= 12.0
    out["glitch_then_dip"] = (t, v)
    # 3. A lone first point, a 3-hour gap, then regular points with a NaN night and missing timestamps.
    tt = [t[0]] + [t[0] + 3 * 3_600_000 + 60_000 * i for i in range(n - 1)]
    tt = tt[:100] + [x + 7_200_000 for x in tt[100:]]  # two hours without any point after index 99
    v = np.round(50.0 + 1.0 * g.normal(0.0, 1.0, n) + np.where(np.arange(n) >= 100, 1.5, 0.0), 3)
    v[150:170] = np.nan
    out["gaps_in_time"] = (tt, v)
    # 6. A gauge written every 15 minutes read at a 1-minute step: each sample 5 times, then 10 missing points.
    samples = np.round(500.0 + 20.0 * g.normal(0.0, 1.0, n // 15 + 1), 3)
    v = np.array([samples[i // 15] if i % 15 < 5 else np.nan for i in range(n)])
    v[165:170] = 640.0  # one far sample, repeated like the others
    out["sparse_repeats"] = (t, v)
    # 8. A non-negative series near 0 and a ratio near 1: bands must not cross 0 or 1.
    out["near_zero"] = (t, np.round(np.abs(0.5 * g.normal(0.0, 1.0, n)), 3))
    out["ratio_near_one"] = (t, np.round(np.minimum(1.0, 0.97 + 0.02 * g.normal(0.0, 1.0, n)), 3))
    return out


def standard_error_cases(valid_params, bad_params):
    """Error cases every detector shares: each bad parameter set -> invalid_param, plus input errors."""
    t = timestamps(10)
    v = [1.0, 2.0, 3.0, 2.0, 1.0, 2.0, 3.0, 2.0, 1.0, 2.0]
    cases = []
    for i, bad in enumerate(bad_params):
        cases.append(error_case(f"error_invalid_param_{i}", bad, series(t, v), "invalid_param"))
    cases.append(error_case("error_unknown_param", {**valid_params, "noSuchParam": 1}, series(t, v), "invalid_param"))
    v_inf = list(v)
    v_inf[4] = math.inf
    cases.append(error_case("error_positive_infinity", valid_params, series(t, v_inf), "non_finite_input"))
    v_ninf = list(v)
    v_ninf[6] = -math.inf
    cases.append(error_case("error_negative_infinity", valid_params, series(t, v_ninf), "non_finite_input"))
    cases.append(error_case("error_length_mismatch", valid_params, {"t": t[:9], "v": enc_list(v)}, "invalid_input"))
    t_bad = list(t)
    t_bad[5] = t_bad[4]
    cases.append(error_case("error_timestamps_not_ascending", valid_params, series(t_bad, v), "invalid_input"))
    return cases
