import { formatPromDuration } from './duration';

/**
 * Grafana's interval and range variables, replaced as Grafana's Prometheus data source replaces them on the server
 * (pkg/query/variables.go, whose port this is; testdata/variables.json holds cases both must answer identically):
 * $__interval / $__interval_ms = the detection step, $__rate_interval / $__rate_interval_ms = max(step + scrape
 * interval, 4 × scrape interval), $__range = the range in whole seconds ("3600s"), $__range_s, $__range_ms; also in
 * the ${…} form. Other variables are left as they are. Returns the expression and a notice naming the values used
 * ('' when there were none).
 */
export function interpolate(
  expr: string,
  v: { stepMs: number; rangeMs: number; scrapeMs: number }
): { expr: string; notice: string } {
  const rateMs = Math.max(v.stepMs + v.scrapeMs, 4 * v.scrapeMs);
  const rangeS = Math.round(v.rangeMs / 1000);
  const values: Record<string, [string, string]> = {
    interval: [formatPromDuration(v.stepMs), ' (the detection step)'],
    interval_ms: [String(v.stepMs), ' (the detection step)'],
    rate_interval: [formatPromDuration(rateMs), rateSource(v)],
    rate_interval_ms: [String(rateMs), rateSource(v)],
    range: [`${rangeS}s`, " (the query's time range)"],
    range_s: [String(rangeS), " (the query's time range)"],
    range_ms: [String(v.rangeMs), " (the query's time range)"],
  };
  const used: string[] = [];
  const seen = new Set<string>();
  const out = expr.replace(PATTERN, (_m, braced?: string, plain?: string) => {
    const name = (braced ?? plain)!;
    const [value, source] = values[name];
    if (!seen.has(name)) {
      seen.add(name);
      used.push(`$__${name} = ${value}${source}`);
    }
    return value;
  });
  return {
    expr: out,
    notice: used.length ? `Replaced as Grafana's Prometheus data source does on the server: ${used.join(', ')}.` : '',
  };
}

const NAMES = 'rate_interval_ms|rate_interval|interval_ms|interval|range_ms|range_s|range';
const PATTERN = new RegExp(`\\$(?:\\{__(${NAMES})\\}|__(${NAMES}))`, 'g');

function rateSource(v: { stepMs: number; scrapeMs: number }): string {
  return ` (max(step ${formatPromDuration(v.stepMs)} + scrape interval ${formatPromDuration(v.scrapeMs)}, 4 × scrape interval))`;
}
