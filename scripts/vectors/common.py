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


def score_against_band(v, expected, lower, upper, direction="both", min_consecutive=1):
    """The shared scoring of docs/detection-contract.md, written out independently of both runtimes."""
    n = len(v)
    score = np.full(n, np.nan)
    for i in range(n):
        x, e = v[i], expected[i]
        if math.isnan(x) or math.isnan(e):
            continue
        dev = x - e
        if dev == 0 or (direction == "up" and dev < 0) or (direction == "down" and dev > 0):
            score[i] = 0.0
            continue
        hw = upper[i] - e if dev > 0 else e - lower[i]
        score[i] = min(abs(dev) / hw, SCORE_CAP) if hw > 0 else SCORE_CAP
    return score, flag_anomalies(v, score, min_consecutive)


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
