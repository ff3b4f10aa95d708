import { getTimeZone } from '@grafana/data';

/**
 * The IANA time zone for one of Grafana's time zone settings (a dashboard's, a request's): "browser" and "" (the
 * user's default, which may itself be "browser") become the browser's zone, Grafana's "utc" becomes "UTC", IANA
 * names stay. The detectors and the backend take IANA names only: "browser" means nothing on the server.
 */
export function resolveTimeZone(timeZone: string | undefined): string {
  let tz = timeZone ?? '';
  if (tz === '') {
    tz = getTimeZone(); // the user's or the organisation's default, as Grafana resolves it
  }
  if (tz === '' || tz === 'browser') {
    tz = browserTimeZone();
  }
  return tz.toLowerCase() === 'utc' ? 'UTC' : tz;
}

/** The browser's IANA time zone (UTC when the runtime does not tell). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * What is wrong with a time zone name a user typed, or undefined when it is empty or an IANA name the runtime knows,
 * spelled as the tz database spells it (the backend and the detectors are case-sensitive). "utc" is accepted: the
 * backend reads it as UTC, as Grafana writes it.
 */
export function timeZoneProblem(name: string | undefined): string | undefined {
  if (!name || name.toLowerCase() === 'utc') {
    return undefined;
  }
  let resolved: string | undefined;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    resolved = undefined;
  }
  if (resolved === undefined || name === 'Local') {
    return 'Use an IANA time zone name such as Europe/Paris, America/New_York or UTC';
  }
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) {
    return `Time zone names are case-sensitive: write ${resolved}`;
  }
  return undefined;
}
