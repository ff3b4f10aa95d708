import { promqlParts } from './promql';

/** What a metric measures, in the terms an SRE triages by (the four golden signals). */
export type MetricKind = 'latency' | 'errors' | 'traffic' | 'saturation' | 'other';
/** For saturation: which resource. */
export type Resource = 'cpu' | 'memory' | 'disk' | 'queue';

export interface MetricKindGuess {
  kind: MetricKind;
  resource?: Resource;
  /** The words that decided it, e.g. 'name "http_request_duration_seconds" contains "duration"'. */
  reason: string;
}

const ERROR_WORDS = /(error|errors|fail|failed|failure|exception|panic|5xx|rejected|refused|timeouts?_total)/i;
const ERROR_VALUE = /^(5\d\d|5xx|5\.\.|5\\d\\d|error|failure|failed|internal)$/i;
const STATUS_LABEL = /^(status|code|status_code|http_status|response_code|grpc_code|outcome|result)$/i;
const RESOURCES: Array<[Resource, RegExp]> = [
  ['cpu', /(cpu|load\d*$|load_average|throttl)/i],
  ['memory', /(memory|mem_|_mem\b|heap|rss|swap|oom)/i],
  ['disk', /(disk|filesystem|_fs_|^fs_|inode|volume_bytes|storage_bytes)/i],
  [
    'queue',
    /(queue|backlog|pending|inflight|in_flight|lag\b|consumer_lag|pool_(active|waiting)|saturation|utili[sz]ation)/i,
  ],
];
const LATENCY_WORDS =
  /(latency|duration|response_time|elapsed|_seconds(_bucket|_sum)?$|_ms$|_milliseconds|\brtt\b|ttfb|wait_time)/i;
const TRAFFIC_WORDS =
  /(_total$|requests|request_count|\brps\b|\bqps\b|throughput|packets|hits|calls|messages|_ops\b|_count$|_bytes$)/i;

/**
 * Infers the metric kind from the metric name(s), labels and PromQL. Rules, first match wins:
 * 1. errors: a name containing error/fail/exception/panic/5xx/rejected/refused, a status-like label
 *    (status, code, outcome, …) whose value or PromQL matcher is 5xx/error/failure (e.g. `status=~"5.."`);
 * 2. saturation: cpu/load/throttling → cpu; memory/heap/rss/swap → memory; disk/filesystem/inode → disk;
 *    queue/backlog/pending/in-flight/lag/pool/utilisation → queue;
 * 3. latency: latency/duration/response_time/elapsed, a name ending in _seconds (also _bucket/_sum), _ms or
 *    _milliseconds, or `histogram_quantile(…)` / a `quantile` or `le` label — but not a `_count` rate;
 * 4. traffic: a name ending in _total, _count or _bytes, requests/throughput/packets/hits/calls/messages, or a
 *    `rate(…)`/`irate(…)`/`increase(…)` of anything not matched above;
 * 5. otherwise other.
 * Names are the series' `__name__` label and the metric names in the PromQL expression.
 */
export function inferMetricKind(names: string[], labels: Record<string, string>, expr = ''): MetricKindGuess {
  const parts = promqlParts(expr);
  const all = [...names, ...parts.metrics].filter(Boolean);
  const byName = (re: RegExp) => all.find((n) => re.test(n));

  const errorName = byName(ERROR_WORDS);
  if (errorName) {
    return { kind: 'errors', reason: `name "${errorName}" says errors` };
  }
  const statusLabel = Object.entries(labels).find(([k, v]) => STATUS_LABEL.test(k) && ERROR_VALUE.test(v));
  if (statusLabel) {
    return { kind: 'errors', reason: `label ${statusLabel[0]}="${statusLabel[1]}"` };
  }
  const statusMatcher = parts.matchers.find((m) => STATUS_LABEL.test(m.label) && /^5/.test(m.value));
  if (statusMatcher) {
    return {
      kind: 'errors',
      reason: `the query selects ${statusMatcher.label}${statusMatcher.op}"${statusMatcher.value}"`,
    };
  }
  for (const [resource, re] of RESOURCES) {
    const name = byName(re);
    if (name) {
      return { kind: 'saturation', resource, reason: `name "${name}" says ${resource}` };
    }
  }
  const quantile = parts.functions.includes('histogram_quantile') || 'quantile' in labels || 'le' in labels;
  const latencyName = byName(LATENCY_WORDS);
  const countRate = all.length > 0 && all.every((n) => /_count$/.test(n));
  if ((latencyName || quantile) && !(countRate && !quantile)) {
    return {
      kind: 'latency',
      reason: latencyName ? `name "${latencyName}" says latency` : 'the query computes a quantile',
    };
  }
  const trafficName = byName(TRAFFIC_WORDS);
  if (trafficName) {
    return { kind: 'traffic', reason: `name "${trafficName}" says a count or rate` };
  }
  const rate = parts.functions.find((f) => f === 'rate' || f === 'irate' || f === 'increase');
  if (rate) {
    return { kind: 'traffic', reason: `the query takes ${rate}() of a counter` };
  }
  return { kind: 'other', reason: all.length ? `no rule matches "${all[0]}"` : 'no metric name' };
}
