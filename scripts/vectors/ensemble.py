"""Vectors for `ensemble`, computed by definition with plain Python lists and numpy (no running sums, no monotonic
queues, no sliding window sums).

Components: zscore.band over `window` steps and ewma.band with half-life window/4 (both at sensitivity 1, taking
part after `quick` steps of data), the change component (a queue of the changes x_i - x_(i-1) of the last
changeWindow steps: expected = previous + mean, spread = max(std (ddof 1), floor of the previous value), changes
clipped to mean +- 3 spreads, the previous value after a lone jump being the clipped one, no change across a gap of
more than 3 steps) and, with a period, the seasonal profile (per phase of the local clock: the value V
and mean absolute residual A, weights max(1/visits, 1 - 2^-(1/2)); expected and spread from the phases within +-h;
see seasonal_profile below). Combination: W_c = (u_c/s_c)^2, expected = sum W e / sum W, raw = sqrt(sum W (x-e)^2 /
C). Calibration: threshold = max(k * g * max(unflagged raws of the window, second largest flagged one), 3.55), the
window being longWindow steps and at least 3.1 periods, g = sqrt(ln(window steps) / ln(steps covered)) while the
history is shorter. Lasting deviations: CUSUM (k 1, h 8, residuals clipped to 4), variance (half-life 10 steps,
floor 6), flat line (3 ties, tie rate < 1 %, spread >= 10 floors), calibrated the same way, held until release or
adaptAfter (class Sustained), on the residual from e = e_ref + (b - 1)(e_ref - m) + offset (m: the mean of V over the
visited phases, U2 their variance; offset += w r, b += 2 w r u / (u^2 + max(U2, s^2)), u = e_ref - m, b in [0.25, 4]).
Band: sqrt((threshold^2 - raw(expected)^2) * C / sum W) around the combined expected where nothing is flagged; at
flagged points the lasting-deviation layer's reference e, 3 * k of its spreads wide or narrowed so the point lies
outside (score >= max(raw / threshold, 1.001), held points 1.5), unless that would change the flag (band_at).
Scoring per docs/detection-contract.md in common.py; repeated samples count once (common.on_samples).
"""

import math

import numpy as np

import ewma
import zscore
from common import (CLIP_SPREADS, SCORE_CAP, floors, kind_inputs, local_ms, on_samples, outputs, score_against_band,
                    series, standard_error_cases, standard_inputs, step_at, timestamps, vector_case, write, daily_local)

DEFAULTS = {"window": 360, "period": 0, "changeWindow": 3000, "longWindow": 1000, "minHistory": 30,
            "adaptAfter": 7200, "timezone": "UTC", "sensitivity": 1.15, "direction": "both", "minConsecutive": 1}
MIN_THRESHOLD = 3.55
HISTORY_SEASONS = 3.1
CHANGE_WEIGHT = 1.5
CHANGE_MAX_GAP = 3
QUICK_STEPS = 60
HELD_BAND = 3.0
HELD_SCORE = 1.5
LEAST_POINT_SCORE = 1.001  # the least score of a point anomaly against the baseline's band
CUSUM_K, CUSUM_H, Z_CLIP = 1.0, 8.0, 4.0
VARIANCE_HALF_LIFE, VARIANCE_MIN = 10.0, 6.0
RELEASE_H = 3.0
HOLD_Z = 2.0  # the point after a point alarm confirms a lasting deviation this many spreads off
FLAT_TIES, FLAT_TIE_RATE, TIE_RATE_WEIGHT, FLAT_NOISE = 3, 0.01, 0.001, 10.0
GAIN_MIN, GAIN_MAX = 0.25, 4.0
PROFILE_DECAY = -math.expm1(-math.log(2.0) / 2)
PROFILE_SMOOTHING_MS = 600_000
MAX_PHASES = 1 << 20  # a finer step shares a phase: the bucket is at least ceil(period / MAX_PHASES)


def change(t, v, window, quick):
    n = len(v)
    expected, spread = np.full(n, np.nan), np.full(n, np.nan)
    valid = [i for i in range(n) if not math.isnan(v[i])]
    steps, floor = step_at(t, valid), floors(v, valid)
    queue = []  # (t, change)
    min_count = max(2, math.ceil(min(window, quick) / 2))
    last, last_side = (v[valid[0]] if valid else math.nan), 0
    last_t = t[valid[0]] if valid else 0
    for i in valid[1:]:
        d, nxt, side = v[i] - last, v[i], 0
        while queue and queue[0][0] < t[i] - window * steps[i]:
            queue.pop(0)
        if t[i] - last_t > CHANGE_MAX_GAP * steps[i]:
            last, last_t, last_side = v[i], t[i], 0  # not a change after a gap: start afresh
            continue
        if len(queue) >= min_count and t[i] - t[valid[0]] >= quick * steps[i]:
            ds = np.array([x for _, x in queue])
            mean = float(np.mean(ds))
            s = max(float(np.std(ds, ddof=1)), floor[i](last))
            expected[i], spread[i] = last + mean, s
            c = CLIP_SPREADS * s
            side = 1 if d > mean + c else -1 if d < mean - c else 0
            d = min(max(d, mean - c), mean + c)
            if side != 0 and side != last_side:
                nxt = last + d  # a lone jump: predict the next point from the clipped value
        last_side = side
        if len(queue) == window:
            queue.pop(0)
        queue.append((t[i], d))
        last, last_t = nxt, t[i]
    return expected, spread


def seasonal_profile(t, v, period_ms, tz):
    """The profile of the points so far at the step known at each point (rebuilt from the start while the step
    estimate moves); sums over the +-h phases taken directly. Also the mean of V over every visited phase."""
    n = len(v)
    expected, spread, mean, swing = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    valid = [i for i in range(n) if not math.isnan(v[i])]
    steps, floor = step_at(t, valid), floors(v, valid)
    state, step = None, 0.0
    for pos, i in enumerate(valid):
        if steps[i] > 0 and steps[i] != step:
            step = steps[i]
            bucket = max(step, math.ceil(period_ms / MAX_PHASES))
            phases = max(1, math.ceil(period_ms / bucket))
            h = min(int(math.floor(PROFILE_SMOOTHING_MS / bucket + 0.5)), (phases - 1) // 2)
            state = {"V": [0.0] * phases, "A": [0.0] * phases, "visits": [0] * phases, "res": [0] * phases,
                     "last": [-math.inf] * phases, "phases": phases, "h": h, "bucket": bucket}
            for j in valid[:pos]:
                profile_point(state, t[j], v[j], period_ms, tz, None)
        if state is not None:
            e, s, m, sw = profile_point(state, t[i], v[i], period_ms, tz, floor[i])
            if e is not None:
                expected[i], spread[i], mean[i], swing[i] = e, s, m, sw
    return expected, spread, mean, swing


def profile_point(st, ti, x, period_ms, tz, floor):
    """Reads the point's expected value and spread (when it gets them and floor is given), then learns it."""
    phases, h = st["phases"], st["h"]
    q = min(phases - 1, int(math.floor((local_ms(ti, tz) % period_ms) / st["bucket"])))
    near = [(q + d) % phases for d in range(-h, h + 1)]
    values = [st["V"][k] for k in near if st["visits"][k] > 0]
    spreads = [st["A"][k] for k in near if st["res"][k] > 0]
    e = float(np.mean(values)) if values else math.nan
    s = math.sqrt(math.pi / 2) * float(np.mean(spreads)) if spreads else math.nan
    ready = ti - st["last"][q] > period_ms / 2 and values and sum(st["res"][k] for k in near) >= 2 * h + 1
    st["last"][q] = ti
    out = (None, None, None, None)
    spread = math.nan
    if floor is not None and ready:
        spread = max(s, floor(e))
        seen = np.array([st["V"][k] for k in range(phases) if st["visits"][k] > 0])
        out = (e, spread, float(np.mean(seen)), float(np.mean((seen - np.mean(seen)) ** 2)))
    c = CLIP_SPREADS * spread
    if st["visits"][q] > 0 and not math.isnan(e):
        r = abs(x - e)
        r = min(r, c) if not math.isnan(c) else r
        w = max(1 / (st["res"][q] + 1), PROFILE_DECAY)
        st["A"][q] += w * (r - st["A"][q])
        st["res"][q] += 1
    if st["visits"][q] == 0:
        st["V"][q] = x
    else:
        d = x - st["V"][q]
        d = min(max(d, -c), c) if not math.isnan(c) else d
        st["V"][q] += max(1 / (st["visits"][q] + 1), PROFILE_DECAY) * d
    st["visits"][q] += 1
    return out


class Sustained:
    """The lasting-deviation layer (src/detectors/ensemble_sustained.ts), with plain lists as histories."""

    def __init__(self, adapt_ms, k):
        self.adapt_ms, self.k = adapt_ms, k
        self.sp = self.sn = self.release = self.offset = 0.0
        self.variance, self.scale, self.gain = 1.0, 1.0, 1.0
        self.alarm, self.onset, self.kind, self.direction = False, 0, "point", 1
        self.confirmed = False
        self.last_t, self.last_x, self.ties, self.tie_rate = None, None, 0, 0.0
        self.shifts, self.variances = [], []  # (t, value)
        self.expected = self.spread = math.nan

    def step(self, t, x, base_e, base_s, point, floor, step, cutoff, grow, level, center, swing):
        if self.last_t is not None and self.adapt_ms > 0 and t - self.last_t > self.adapt_ms:
            self.sp = self.sn = self.release = self.offset = 0.0
            self.variance = self.scale = self.gain = 1.0
            self.alarm = False
        ratio = 1.0 if self.last_t is None else (t - self.last_t) / step
        tie = self.last_x is not None and x == self.last_x
        self.ties = self.ties + 1 if tie else 0
        self.last_t, self.last_x = t, x
        if math.isnan(base_e) or not base_s > 0:
            return False
        if self.alarm and level:
            base_e, base_s = self.onset_e, self.onset_s
        wv = -math.expm1(-math.log(2.0) * ratio / VARIANCE_HALF_LIFE)
        wo = -math.expm1(-math.log(2.0) * ratio * step / self.adapt_ms) if self.adapt_ms > 0 else 1.0
        u = 0.0 if math.isnan(center) else base_e - center  # the profile's swing around its mean
        e = base_e + (self.gain - 1) * u + self.offset
        s = max(base_s * self.scale, floor)
        self.expected, self.spread = e, s
        z = (x - e) / s
        zc = min(max(z, -Z_CLIP), Z_CLIP)
        self.sp = max(0.0, self.sp + zc - CUSUM_K)
        self.sn = max(0.0, self.sn - zc - CUSUM_K)
        self.variance += wv * (zc * zc - self.variance)
        flat = self.ties >= FLAT_TIES and self.tie_rate < FLAT_TIE_RATE and base_s >= FLAT_NOISE * floor
        self.tie_rate += TIE_RATE_WEIGHT * ((1.0 if tie else 0.0) - self.tie_rate)
        self.shifts = [(a, b) for a, b in self.shifts if a >= cutoff]
        self.variances = [(a, b) for a, b in self.variances if a >= cutoff]
        h_shift = max(CUSUM_H, self.k * grow * max([b for _, b in self.shifts], default=0.0))
        h_var = max(VARIANCE_MIN, self.k * grow * max([b for _, b in self.variances], default=0.0))
        self.shifts.append((t, min(max(self.sp, self.sn), h_shift)))
        self.variances.append((t, min(self.variance, h_var)))
        if not self.alarm:
            kind = ("up" if self.sp > h_shift else "down" if self.sn > h_shift else "variance"
                    if self.variance > h_var else "flat" if flat else "point" if point else None)
            if kind is None:
                wr = wo * min(max(x - e, -CLIP_SPREADS * s), CLIP_SPREADS * s)
                self.offset += wr
                if u != 0:
                    self.gain = min(max(self.gain + 2 * wr * u / (u * u + max(swing, s * s)), GAIN_MIN), GAIN_MAX)
                return False
            self.alarm, self.kind, self.onset, self.release, self.confirmed = True, kind, t, 0.0, False
            self.onset_e, self.onset_s = base_e, base_s
            self.direction = -1 if kind == "down" or (kind != "up" and z < 0) else 1
        persists = point
        if self.kind in ("up", "down"):
            self.release = max(0.0, self.release + CUSUM_K - self.direction * zc)
            persists = persists or self.release < RELEASE_H
        elif self.kind == "variance":
            persists = persists or self.variance > h_var / 2
        elif self.kind == "flat":
            persists = persists or tie
        else:
            if (self.sp if self.direction > 0 else self.sn) > h_shift:
                self.kind, persists = ("up" if self.direction > 0 else "down"), True
            elif self.variance > h_var:
                self.kind, persists = "variance", True
            elif self.confirmed:
                self.release = max(0.0, self.release + CUSUM_K - self.direction * zc)
                persists = persists or self.release < RELEASE_H
            elif t != self.onset:
                # the point after the onset confirms a lasting deviation when it too is HOLD_Z spreads off
                self.confirmed = self.direction * z >= HOLD_Z
                persists = persists or self.confirmed
        if not persists:
            self.end(False, x - e)
            return False
        if t - self.onset >= self.adapt_ms:
            self.end(True, x - e)
            return point
        return True

    def end(self, adapt, residual):
        self.alarm, self.release = False, 0.0
        if adapt or self.kind in ("up", "down"):
            self.sp = self.sn = 0.0
        if not adapt:
            return
        if self.kind in ("up", "down", "point"):
            self.offset += residual
        elif self.kind == "variance":
            self.scale *= math.sqrt(max(1.0, self.variance))
        else:
            self.tie_rate = 1.0
        self.variance = 1.0


def band_at(x, point, held, base_e, base_s, centre, half, spread, ratio, k, sided):
    """The band at a point, as (expected, half-width) (src/detectors/ensemble_band.ts says why): the combined one
    (centre +- half) where nothing is flagged; at a held point and at a point anomaly the lasting-deviation layer's
    reference (base_e, nan where it has none), k * HELD_BAND * base_s wide, narrowed to |x - base_e| / q when the
    point is nearer (q = HELD_SCORE when held, max(ratio, LEAST_POINT_SCORE) at a point anomaly, ratio = raw /
    threshold); at a point anomaly equal to base_e or centre, or, with sided (direction up or down), on the other
    side of base_e than of centre, the combined band, min(spread, |x - centre| / HELD_SCORE) wide where it would
    have no width."""
    def narrowed(e, natural, q):
        d = abs(x - e) / q
        return d if 0 < d < natural else natural

    if not (point or held):
        return centre, half
    same_side = (x > base_e and x > centre) or (x < base_e and x < centre)
    if not point or (same_side if sided else not math.isnan(base_e) and x != base_e and x != centre):
        q = max(ratio, LEAST_POINT_SCORE) if point else HELD_SCORE
        return base_e, narrowed(base_e, k * HELD_BAND * base_s, q)
    return centre, (half if half > 0 else narrowed(centre, spread, HELD_SCORE))


def reference(t, v, p, quick=None, season_from=0):
    t = list(t)
    v = np.asarray(v, float)
    n = len(v)
    window, k = p["window"], p["sensitivity"]
    quick = min(QUICK_STEPS if quick is None else quick, window)
    period_ms = p["period"] * 1000
    ze, _, zu = zscore.band(t, v, window, 1.0, warmup_steps=quick)
    ee, _, eu = ewma.band(t, v, max(1, window / 4), 1.0, warmup_steps=quick)
    ce, cs = change(t, v, p["changeWindow"], quick)
    parts = [(ze, zu - ze, 1.0), (ee, eu - ee, 1.0), (ce, cs, CHANGE_WEIGHT)]
    sm, sw = np.full(n, np.nan), np.full(n, np.nan)
    if period_ms > 0:
        se, ss, sm, sw = seasonal_profile(t, v, period_ms, p["timezone"])
        se[:season_from] = np.nan
        parts.append((se, ss, 1.0))
    expected, lower, upper = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    valid = [i for i in range(n) if not math.isnan(v[i])]
    steps, floor = step_at(t, valid), floors(v, valid)
    history, flagged = [], []  # (t, raw)
    pushed, start, reference_part = 0, None, None
    sustained = Sustained(p["adaptAfter"] * 1000, k)
    for i in valid:
        x, step = v[i], steps[i]
        comps = [(e[i], s[i], u) for e, s, u in parts if not math.isnan(e[i]) and s[i] > 0]
        if not comps:
            continue
        es = np.array([c[0] for c in comps])
        ws = np.array([(c[2] / c[1]) ** 2 for c in comps])
        m = len(comps)
        centre = float(np.sum(ws * es) / np.sum(ws))
        raw = math.sqrt(float(np.sum(ws * (x - es) ** 2)) / m)
        at_centre = float(np.sum(ws * (es - centre) ** 2)) / m
        span = max(p["longWindow"] * step, HISTORY_SEASONS * period_ms)
        cutoff = t[i] - span
        history = [(a, b) for a, b in history if a >= cutoff]
        flagged = [(a, b) for a, b in flagged if a >= cutoff]
        start = t[i] if start is None else start
        covered, full = (t[i] - start) / step, span / step
        grow = math.sqrt(math.log(max(2.0, full)) / math.log(max(2.0, covered))) if covered < full else 1.0
        second = sorted(b for _, b in flagged)[-2] if len(flagged) >= 2 else 0.0
        record = max(max([b for _, b in history], default=0.0), second) * grow
        warm = pushed >= p["minHistory"]
        threshold = max(k * record, MIN_THRESHOLD)
        point = warm and raw > threshold
        ref = 3 if period_ms > 0 and i >= season_from else 1
        if ref != reference_part:
            if reference_part is not None:
                sustained = Sustained(p["adaptAfter"] * 1000, k)
            reference_part = ref
        re_, rs_, _ = parts[ref]
        center, swing = (sm[i], sw[i]) if ref == 3 else (math.nan, math.nan)
        held = warm and sustained.step(t[i], x, re_[i], rs_[i], point, floor[i](x), step, cutoff, grow, ref == 1,
                                       center, swing)
        if warm:
            half = math.sqrt(max(0.0, threshold * threshold - at_centre) * m / float(np.sum(ws)))
            base = sustained.expected if not math.isnan(re_[i]) and rs_[i] > 0 else math.nan
            e, w = band_at(x, point, held, base, sustained.spread, centre, half,
                           math.sqrt(m / float(np.sum(ws))), raw / threshold, k, p["direction"] != "both")
            expected[i], lower[i], upper[i] = e, e - w, e + w
        if warm and point:
            flagged.append((t[i], min(raw, threshold)))
        else:
            history.append((t[i], raw))
            pushed += 1
    score, anomaly = score_against_band(v, expected, lower, upper, p["direction"], p["minConsecutive"])
    return outputs(expected, lower, upper, score, anomaly, quick + p["minHistory"])


def case(name, t, v, params, tolerance=None):
    return vector_case(name, params, series(t, v), on_samples(reference)(t, v, {**DEFAULTS, **params}), tolerance)


def doc_example():
    t = [i * 60000 for i in range(200)]
    v = [10 + (0.5 if i % 2 else -0.5) + (8 if i == 150 else 0) + (5 if i >= 180 else 0) for i in range(200)]
    return t, v


def burst_10x():
    """A level of 2 with a small deterministic noise and 12 points at ten times it
    (src/detectors/ensemble_band.test.ts)."""
    t = [i * 60000 for i in range(600)]
    v = [2 + 0.1 * math.sin(1.7 * i) + 0.05 * math.cos(0.31 * i) + (18 if 500 <= i < 512 else 0) for i in range(600)]
    return t, v


def main():
    inputs = standard_inputs()
    t, v = doc_example()
    cases = [case("doc_example", t, v, {"window": 60, "minHistory": 20})]
    t, v = burst_10x()
    cases.append(case("burst_10x", t, v, {}))
    for name, (t, v) in inputs.items():
        cases.append(case(name, t, v, {"window": 30}))
    for name in ("seasonal", "seasonal_spike"):
        t, v = inputs[name]
        cases.append(case(f"{name}_with_period", t, v, {"window": 30, "period": 1440}))
    t, v = inputs["spikes"]
    cases.append(case("spikes_default_params", t, v, {}))
    cases.append(case("spikes_long_window_20", t, v, {"window": 30, "longWindow": 20}))
    cases.append(case("spikes_direction_up", t, v, {"window": 30, "direction": "up"}))
    cases.append(case("spikes_direction_down", t, v, {"window": 30, "direction": "down"}))
    cases.append(case("spikes_sensitivity_2", t, v, {"window": 30, "sensitivity": 2}))
    cases.append(case("spikes_change_window_50", t, v, {"window": 30, "changeWindow": 50}))
    cases.append(case("spikes_min_history_60", t, v, {"window": 30, "minHistory": 60}))
    t, v = inputs["nan_gaps"]
    cases.append(case("nan_gaps_change_window_50", t, v, {"window": 30, "changeWindow": 50}))
    t, v = inputs["level_shift"]
    cases.append(case("level_shift_min_consecutive_3", t, v, {"window": 30, "minConsecutive": 3}))
    cases.append(case("level_shift_adapt_after_0", t, v, {"window": 30, "adaptAfter": 0}))
    cases.append(case("level_shift_adapt_after_10_min", t, v, {"window": 30, "adaptAfter": 600}))
    cases.append(case("level_shift_adapt_after_1_day", t, v, {"window": 30, "adaptAfter": 86400}))
    # Values near 1e9 carry ~1e-7 absolute precision; the band agrees to that, not to 1e-9.
    t, v = inputs["normal"]
    cases.append(case("large_offset", t, 1e9 + v, {"window": 30}, {"abs": 1e-5, "rel": 1e-7}))
    for name, (t, v) in kind_inputs().items():
        cases.append(case(name, t, v, {"window": 30}, {"abs": 1e-6, "rel": 1e-7}))
    # Kind 5: a daily season on the Paris clock across the change to summer time, 20-minute steps, a dip on the
    # last day at 15:00 local.
    t, v = daily_local(8, "Europe/Paris", step_ms=1_200_000, start="2025-03-24")
    v[-27] -= 40.0
    cases.append(case("daily_paris_dst", t, v, {"window": 72, "period": 86400, "timezone": "Europe/Paris"}))
    # The longest season at 1-ms steps: 2.7e9 phases of one step would exhaust memory; phases are MAX_PHASES at most.
    t, v = inputs["spikes"]
    cases.append(case("period_31_days_at_1ms_steps", [t[0] + i for i in range(len(t))], v,
                      {"window": 30, "period": 2678400}))
    cases += standard_error_cases(
        {"window": 30},
        [{"window": 3}, {"window": 30.5}, {"period": -1}, {"period": 30}, {"longWindow": 5}, {"changeWindow": 5},
         {"minHistory": 0}, {"sensitivity": "high"}, {"adaptAfter": -1}, {"adaptAfter": 1.5},
         {"timezone": "Mars/Olympus"}, {"timezone": "europe/paris"}, {"shortWindow": 5}],
    )
    check(cases)
    write("ensemble", __doc__.strip().replace("\n", " "), cases)


def check(cases):
    """The cases must mean something: spikes flagged, a shift held, flat series quiet with a narrow band."""
    by = {c["name"]: c["expected"] for c in cases}
    flags = {name: [i for i, a in enumerate(by[name]["anomaly"]) if a] for name in by if "anomaly" in by[name]}
    assert {150, 190, 220} <= set(flags["spikes"]), flags["spikes"]
    assert not any(by["constant"]["anomaly"])
    assert all(0 <= hi - lo < 1e-6 for lo, hi in zip(by["constant"]["lower"], by["constant"]["upper"]) if lo != "NaN")
    assert by["constant_then_step"]["anomaly"][200]
    assert 150 in flags["doc_example"] and 180 in flags["doc_example"], flags["doc_example"]
    # The level shift of +20 at 160 (10 spreads) is held while it lasts, up to adaptAfter, and only then.
    held = [i for i in flags["level_shift"] if i >= 160]
    assert held[:20] == list(range(160, 180)), held
    assert flags["level_shift_adapt_after_0"][:1] == [160] and len(flags["level_shift_adapt_after_0"]) < 5
    assert len([i for i in flags["level_shift_adapt_after_10_min"] if i >= 160]) < len(held)
    assert by["daily_paris_dst"]["anomaly"][-27], "the dip on the Paris clock is not flagged"
    # A flagged point has a band of some width, around the level it is judged against: during the 10x burst the
    # level before it (2), not the burst.
    for name, out in by.items():
        for i in flags.get(name, []):
            assert out["upper"][i] > out["lower"][i], (name, i, out["lower"][i], out["upper"][i])
    burst = [i for i in flags["burst_10x"] if 500 <= i < 512]
    assert len(burst) >= 6 and all(abs(by["burst_10x"]["expected"][i] - 2) < 0.5 for i in burst), burst
    print("flags:", {k: v[:12] for k, v in flags.items() if v and not k.startswith("error")})


if __name__ == "__main__":
    main()
