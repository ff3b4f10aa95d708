/**
 * `$__rate_interval` is not a Grafana-wide variable: the Prometheus data source computes it. Vigil queries
 * Prometheus too, so it computes it the same way Grafana's Prometheus data source does:
 *   max($__interval + scrape interval, 4 × scrape interval)
 * so that rate() always sees at least four samples. The scrape interval is Prometheus's default (15s).
 */
export const DEFAULT_SCRAPE_INTERVAL_MS = 15_000;

export function rateIntervalMs(intervalMs: number | undefined, scrapeIntervalMs = DEFAULT_SCRAPE_INTERVAL_MS): number {
  const interval = intervalMs && Number.isFinite(intervalMs) && intervalMs > 0 ? intervalMs : scrapeIntervalMs;
  return Math.max(interval + scrapeIntervalMs, 4 * scrapeIntervalMs);
}

/** Milliseconds as a PromQL duration ("1m15s" style is valid PromQL; whole seconds are enough here). */
export function promDuration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s % 3600 === 0) {
    return `${s / 3600}h`;
  }
  if (s % 60 === 0) {
    return `${s / 60}m`;
  }
  return `${s}s`;
}
