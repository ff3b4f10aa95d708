/**
 * Prometheus durations, as PromQL range selectors and the data source settings write them ("7d", "1h30m",
 * "90s", "0"): the rules of Prometheus's model.ParseDuration and Duration.String (github.com/prometheus/common),
 * which the backend uses (pkg/models/duration.go), so the command line reads and prints them the same way.
 */
const UNITS: Array<[string, number]> = [
  ['y', 365 * 86_400_000],
  ['w', 7 * 86_400_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];

/**
 * A duration string in ms. Units from largest to smallest, each at most once: y w d h m s ms; "0" alone.
 * @throws Error `"<s>" is not a duration; write it like 7d, 12h, 90m or 30s` (the backend's message).
 */
export function parseDuration(s: string): number {
  const bad = () => new Error(`"${s}" is not a duration; write it like 7d, 12h, 90m or 30s`);
  if (s === '0') {
    return 0;
  }
  if (!s) {
    throw bad();
  }
  let rest = s;
  let total = 0;
  let last = -1;
  while (rest) {
    const m = /^(\d+)([a-z]+)/.exec(rest);
    if (!m) {
      throw bad();
    }
    const pos = UNITS.findIndex(([u]) => u === m[2]);
    if (pos < 0 || pos <= last) {
      throw bad();
    }
    last = pos;
    total += Number(m[1]) * UNITS[pos][1];
    rest = rest.slice(m[0].length);
  }
  if (!Number.isSafeInteger(total)) {
    throw bad();
  }
  return total;
}

/** A duration in ms as Prometheus prints it: "1w", "1d2h", "1m26s400ms"; years and weeks only when exact. */
export function formatPromDuration(ms: number): string {
  if (ms === 0) {
    return '0s';
  }
  let rest = Math.abs(ms);
  let out = ms < 0 ? '-' : '';
  for (const [unit, size] of UNITS) {
    if ((unit === 'y' || unit === 'w') && rest % size !== 0) {
      continue;
    }
    const v = Math.floor(rest / size);
    if (v > 0) {
      out += `${v}${unit}`;
      rest -= v * size;
    }
  }
  return out;
}
