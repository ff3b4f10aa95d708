/**
 * query_range against the Prometheus HTTP API with the errors of the backend's client (pkg/prom): Prometheus's own
 * message for bad PromQL, and what to change for unreachable, 401/403, 404, 5xx, not-JSON and timeouts. One
 * endpoint with messages written for this tool, so Node's fetch rather than a client library.
 */

export interface PrometheusConfig {
  url: string;
  timeoutMs: number;
  username?: string;
  password?: string;
  token?: string;
}

/** One series of a matrix: labels, times in Unix ms, values (NaN for Prometheus's "NaN"; ±Inf kept). */
export interface PromSeries {
  labels: Record<string, string>;
  t: number[];
  v: number[];
}

export type PromErrorKind =
  'bad_query' | 'unreachable' | 'unauthorized' | 'forbidden' | 'not_found' | 'server' | 'not_prometheus' | 'timeout';

export class PrometheusError extends Error {
  readonly kind: PromErrorKind;
  constructor(kind: PromErrorKind, message: string) {
    super(message);
    this.name = 'PrometheusError';
    this.kind = kind;
  }
}

/**
 * Runs a range query. Times in Unix ms, step in ms.
 * @throws PrometheusError whose message never holds the credentials (secretTexts), even when the server echoes them.
 */
export async function queryRange(
  cfg: PrometheusConfig,
  expr: string,
  start: number,
  end: number,
  stepMs: number
): Promise<PromSeries[]> {
  const redact = redactor(secretTexts(cfg));
  try {
    return await query(cfg, expr, start, end, stepMs, redact);
  } catch (e) {
    if (e instanceof PrometheusError) {
      throw new PrometheusError(e.kind, redact(e.message));
    }
    throw e;
  }
}

/** Shortest credential replaced on its own (as the backend's prom.Client.HideSecrets): a shorter one cannot be told
 * apart from ordinary text. The whole Authorization header value is replaced whatever its length. */
const MIN_SECRET_LEN = 6;

/**
 * The credentials of cfg in every form they travel in, as the backend's secretTexts (pkg/plugin/secrets.go): the
 * Authorization header value, the password, the base64 of user:password, the bearer token.
 */
export function secretTexts(cfg: PrometheusConfig): string[] {
  const auth = authorization(cfg);
  const out = auth ? [auth] : [];
  if (cfg.username !== undefined) {
    out.push(basic(cfg), ...(cfg.password && cfg.password.length >= MIN_SECRET_LEN ? [cfg.password] : []));
  } else if (cfg.token && cfg.token.length >= MIN_SECRET_LEN) {
    out.push(cfg.token);
  }
  return out;
}

/** Replaces every secret by [redacted], longest first (so a header value goes whole before its parts). */
function redactor(secrets: string[]): (text: string) => string {
  const sorted = [...new Set(secrets.filter(Boolean))].sort((a, b) => b.length - a.length);
  return (text) => sorted.reduce((t, s) => t.split(s).join('[redacted]'), text);
}

function basic(cfg: PrometheusConfig): string {
  return Buffer.from(`${cfg.username}:${cfg.password ?? ''}`).toString('base64');
}

function authorization(cfg: PrometheusConfig): string | undefined {
  if (cfg.username !== undefined) {
    return `Basic ${basic(cfg)}`;
  }
  return cfg.token ? `Bearer ${cfg.token}` : undefined;
}

async function query(
  cfg: PrometheusConfig,
  expr: string,
  start: number,
  end: number,
  stepMs: number,
  redact: (text: string) => string
): Promise<PromSeries[]> {
  const base = cfg.url.replace(/\/+$/, '');
  const endpoint = `${base}/api/v1/query_range`;
  const form = new URLSearchParams({
    query: expr,
    start: String(start / 1000),
    end: String(end / 1000),
    step: String(stepMs / 1000),
  });
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Accept: 'application/json',
  };
  const auth = authorization(cfg);
  if (auth) {
    headers.Authorization = auth;
  }
  let res: Response;
  try {
    // Credentials go only to the configured host: redirects are not followed.
    res = await fetch(endpoint, {
      method: 'POST',
      headers,
      body: form,
      redirect: 'manual',
      signal: AbortSignal.timeout(cfg.timeoutMs),
    });
  } catch (e) {
    throw transportError(e, base, cfg.timeoutMs);
  }
  let raw: string;
  try {
    raw = await res.text();
  } catch (e) {
    throw transportError(e, base, cfg.timeoutMs);
  }
  // Excerpts of the answer are cut to a length: redacted before, so no part of a secret is left at the cut.
  const text = redact(raw);
  if (res.status >= 300 && res.status < 400) {
    throw new PrometheusError(
      'not_prometheus',
      `Prometheus at ${base} redirected (${res.status}) to ${res.headers.get('location') ?? 'another address'}; use the final address as the URL`
    );
  }
  let body:
    | { status?: string; errorType?: string; error?: string; data?: { resultType?: string; result?: unknown } }
    | undefined;
  try {
    body = JSON.parse(raw);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    throw statusError(res.status, res.statusText, body, text, endpoint);
  }
  if (!body || body.status !== 'success' || body.data?.resultType !== 'matrix' || !Array.isArray(body.data.result)) {
    throw new PrometheusError(
      'not_prometheus',
      `${endpoint} did not answer with a Prometheus range query result${excerpt(text)}; check that the URL points at Prometheus`
    );
  }
  return (body.data.result as Array<{ metric?: Record<string, string>; values?: Array<[number, string]> }>).map(
    (r) => ({
      labels: { ...(r.metric ?? {}) },
      t: (r.values ?? []).map(([ts]) => Math.round(ts * 1000)),
      v: (r.values ?? []).map(([, x]) => Number(x)),
    })
  );
}

function statusError(
  code: number,
  statusText: string,
  body: { status?: string; errorType?: string; error?: string } | undefined,
  text: string,
  endpoint: string
): PrometheusError {
  const status = `${code} ${statusText}`.trim();
  const apiError = body?.status === 'error' && body.error ? body.error : undefined;
  if (code === 401) {
    return new PrometheusError(
      'unauthorized',
      `Prometheus answered ${status}: check PROMETHEUS_USERNAME / PROMETHEUS_PASSWORD or PROMETHEUS_TOKEN`
    );
  }
  if (code === 403) {
    return new PrometheusError(
      'forbidden',
      `Prometheus answered ${status}: the credentials are valid but not allowed to query`
    );
  }
  if (apiError && (code === 400 || code === 422)) {
    return new PrometheusError('bad_query', `Prometheus rejected the query: ${apiError}`);
  }
  if (apiError && body?.errorType === 'timeout') {
    return new PrometheusError(
      'timeout',
      `Prometheus stopped the query: ${apiError}; make it cheaper (shorter range or training window, coarser step)`
    );
  }
  if (apiError) {
    return new PrometheusError('server', `Prometheus answered ${status}: ${apiError}`);
  }
  if (code === 404) {
    return new PrometheusError(
      'not_found',
      `no Prometheus API at ${endpoint} (${status}); check the URL, including any path prefix, e.g. http://host:9090`
    );
  }
  if (code >= 500) {
    return new PrometheusError(
      'server',
      `Prometheus (or a proxy in front of it) answered ${status}${excerpt(text)}; try again, or check Prometheus's logs`
    );
  }
  return new PrometheusError(
    'not_prometheus',
    `unexpected answer ${status} from ${endpoint}${excerpt(text)}; check that the URL points at Prometheus`
  );
}

function transportError(e: unknown, base: string, timeoutMs: number): PrometheusError {
  const err = e as { name?: string; cause?: { code?: string; hostname?: string; message?: string }; message?: string };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return new PrometheusError(
      'timeout',
      `Prometheus at ${base} did not answer within ${timeoutMs / 1000}s; make the query cheaper or raise PROMETHEUS_TIMEOUT`
    );
  }
  const code = err?.cause?.code;
  if (code === 'ECONNREFUSED') {
    return new PrometheusError(
      'unreachable',
      `cannot reach Prometheus at ${base}: connection refused; check the URL and port and that Prometheus is running`
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new PrometheusError(
      'unreachable',
      `cannot reach Prometheus at ${base}: host ${JSON.stringify(err.cause?.hostname ?? '')} not found; check the URL`
    );
  }
  return new PrometheusError(
    'unreachable',
    `cannot reach Prometheus at ${base}: ${err?.cause?.message ?? err?.message ?? String(e)}; check the URL and the network`
  );
}

function excerpt(text: string): string {
  const t = text.trim();
  return t ? ` (${JSON.stringify(t.length > 160 ? t.slice(0, 160) : t)})` : '';
}
