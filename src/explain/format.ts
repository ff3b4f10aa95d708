/** Number, time and duration formatting shared by the evidence texts, the template note and the reports. */

/** A value with 4 significant digits; scientific notation for very large or small magnitudes; '—' for NaN. */
export function formatValue(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) {
    return '—';
  }
  if (!Number.isFinite(v)) {
    return v > 0 ? '+Inf' : '-Inf';
  }
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

/** A signed relative change such as "+412%" or "−35%"; '' when the reference is 0 or unknown. */
export function formatPercent(change: number | undefined): string {
  if (change === undefined || !Number.isFinite(change)) {
    return '';
  }
  const pct = change * 100;
  const digits = Math.abs(pct) >= 10 ? 0 : 1;
  const text = Math.abs(pct).toFixed(digits);
  return `${pct < 0 ? '−' : '+'}${text}%`;
}

/** A duration in ms as "45s", "12m", "2h 5m", "3d 4h"; "0s" for 0. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) {
    return '0s';
  }
  const s = Math.round(ms / 1000);
  const units: Array<[string, number]> = [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ];
  const parts: string[] = [];
  let rest = s;
  for (const [name, size] of units) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${name}`);
      rest %= size;
    }
    if (parts.length === 2) {
      break;
    }
  }
  return parts.length ? parts.join(' ') : `${ms}ms`;
}

/**
 * A Unix ms time as "2026-01-01 12:00:00" in the time zone (IANA name, 'utc' or 'browser'/'' = local).
 * @throws RangeError for an unknown time zone (Intl's own message).
 */
export function formatTime(ms: number, timeZone = 'utc'): string {
  const zone = timeZone === 'utc' ? 'UTC' : timeZone === 'browser' || timeZone === '' ? undefined : timeZone;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** "start → end" with the end's date left out when it is the same day. */
export function formatRange(start: number, end: number, timeZone = 'utc'): string {
  const a = formatTime(start, timeZone);
  if (end === start) {
    return a;
  }
  const b = formatTime(end, timeZone);
  return `${a} → ${a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b}`;
}

/** Labels as `{a="1", b="2"}` (sorted, `__name__` left out); '' when there are none. */
export function formatLabels(labels: Record<string, string>): string {
  const keys = Object.keys(labels)
    .filter((k) => k !== '__name__')
    .sort();
  return keys.length ? `{${keys.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(', ')}}` : '';
}
