import { DetectorError } from './errors';
import { ParamSpec } from './params';

const DAY_MS = 86_400_000;

/** The `timezone` parameter of the detectors whose seasons follow the clock (seasonal, holt_winters, ensemble, auto). */
export function timezoneParam(): ParamSpec {
  return {
    name: 'timezone',
    type: 'string',
    default: 'UTC',
    description:
      'IANA time zone whose wall clock the daily and weekly phases follow, across daylight saving changes (e.g. Europe/Paris).',
  };
}

/**
 * Checks a time zone name: an IANA name as the tz database spells it ("UTC", "Europe/Paris", "America/New_York").
 * Throws invalid_param with the accepted form otherwise. "Local" and "" are refused: the server's and the
 * browser's local zones differ, and the same query must give the same phases in the backend and in a panel.
 */
export function checkTimeZone(detectorId: string, name: string): void {
  if (name === 'UTC' || accepted.has(name)) {
    return;
  }
  const where = `${detectorId}: parameter "timezone"`;
  let resolved: string | undefined;
  if (name !== '' && name !== 'Local') {
    try {
      resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      resolved = undefined;
    }
  }
  if (resolved === undefined) {
    throw new DetectorError(
      'invalid_param',
      `${where} must be an IANA time zone name such as UTC, Europe/Paris or America/New_York, got ${JSON.stringify(name)}`
    );
  }
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) {
    throw new DetectorError('invalid_param', `${where}: time zone names are case-sensitive; write "${resolved}"`);
  }
  accepted.add(name);
}

/** Names checkTimeZone accepted (Intl's check costs microseconds; a dashboard checks the same few names). */
const accepted = new Set<string>();

/**
 * Wall-clock time in a time zone: local(t) = t + offset(t), the milliseconds since 1970-01-01 00:00 on the
 * zone's clock. Daily and weekly phases taken from local(t) stay on the clock across daylight saving changes
 * (09:00 is 09:00 in winter and summer; a 23-hour day skips an hour of phases, a 25-hour day repeats one).
 *
 * Offsets come from Intl (the tz database of the JavaScript runtime) and are cached per UTC day: when the offsets
 * at both ends of a day agree the whole day has that offset (no zone changes its offset twice within a day),
 * otherwise the instant of the change is found by bisection. Timestamps should come in ascending order (any
 * order is correct, ascending is fast). UTC needs no lookup. Twin of pkg/detectors/timezone.go (Go's embedded
 * tz database).
 */
export class ZoneClock {
  private readonly utc: boolean;
  private readonly format?: Intl.DateTimeFormat;
  private dayStart = NaN;
  private offsetBefore = 0;
  private offsetAfter = 0;
  private change = 0; // first ms of the day with offsetAfter

  constructor(name: string) {
    this.utc = name === 'UTC' || name === 'Etc/UTC';
    if (!this.utc) {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    }
  }

  /** t (Unix ms) on the zone's wall clock, as ms since 1970-01-01 00:00 local. */
  local(t: number): number {
    if (this.utc) {
      return t;
    }
    const day = Math.floor(t / DAY_MS) * DAY_MS;
    if (day !== this.dayStart) {
      this.load(day);
    }
    return t + (t < this.change ? this.offsetBefore : this.offsetAfter);
  }

  private load(day: number): void {
    this.dayStart = day;
    const end = day + DAY_MS - 1;
    this.offsetBefore = this.offset(day);
    this.offsetAfter = this.offset(end);
    if (this.offsetBefore === this.offsetAfter) {
      this.change = day;
      return;
    }
    let lo = day; // offset(lo) = before
    let hi = end; // offset(hi) = after
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.offset(mid) === this.offsetBefore) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    this.change = hi;
  }

  /** The zone's offset from UTC at t, in ms (whole seconds, as the tz database has them). */
  private offset(t: number): number {
    const parts = this.format!.formatToParts(new Date(t));
    const get = (type: string) => Number(parts.find((q) => q.type === type)!.value);
    const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return wall - Math.floor(t / 1000) * 1000;
  }
}
