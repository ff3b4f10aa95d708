import type { ChatMessage } from '../../explain';
import { ExplainError } from './errors';

export interface DataSourceStreamOptions {
  /** Grafana's sub-path (config.appSubUrl), '' at the root. */
  appSubUrl?: string;
  signal?: AbortSignal;
  /** Gives up after this long without the stream finishing; default 120 s. */
  timeoutMs?: number;
}

/**
 * Streams an explanation from the OpenAI-compatible endpoint configured on a Vigil data source, through the
 * data source backend's resource handler (POST …/resources/llm/chat, pkg/plugin/call_resource.go), so the API
 * key stays on the server. onText gets the text so far after each piece. The answer is NDJSON read as it
 * arrives with the browser's fetch streams (Grafana's backendSrv buffers whole answers).
 *
 * @returns the model the endpoint reported
 * @throws ExplainError with the backend's code (unauthorized, rate_limited, timeout, …) and message, 'timeout'
 *   when no complete answer came in time, 'malformed' when the answer is not the expected stream.
 */
export async function streamFromDataSource(
  uid: string,
  messages: ChatMessage[],
  onText: (text: string) => void,
  options: DataSourceStreamOptions = {}
): Promise<{ model?: string }> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), options.timeoutMs ?? 120_000);
  const abort = () => timeout.abort();
  options.signal?.addEventListener('abort', abort);
  try {
    const url = `${options.appSubUrl ?? ''}/api/datasources/uid/${encodeURIComponent(uid)}/resources/llm/chat`;
    const res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson' },
      body: JSON.stringify({ messages }),
      signal: timeout.signal,
    });
    if (!res.ok) {
      const body = await res.text();
      let parsed: { error?: string; code?: string; message?: string } = {};
      try {
        parsed = JSON.parse(body);
      } catch {
        // Not our JSON (e.g. a proxy's error page): report the status.
      }
      throw new ExplainError(
        parsed.code ?? (res.status === 404 ? 'not_found' : 'upstream'),
        parsed.error ?? parsed.message ?? `the data source answered ${res.status} ${res.statusText}`.trim(),
        res.status
      );
    }
    if (!res.body) {
      throw new ExplainError('malformed', 'the data source answered without a body');
    }
    return await readStream(res.body, onText);
  } catch (e) {
    if (e instanceof ExplainError) {
      throw e;
    }
    if (timeout.signal.aborted && !options.signal?.aborted) {
      throw new ExplainError('timeout', 'the explanation did not finish in time; try again');
    }
    if (options.signal?.aborted) {
      throw new ExplainError('canceled', 'the explanation was cancelled');
    }
    throw new ExplainError(
      'unreachable',
      `the explanation request failed: ${e instanceof Error ? e.message : String(e)}`
    );
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abort);
  }
}

async function readStream(
  body: ReadableStream<Uint8Array>,
  onText: (text: string) => void
): Promise<{ model?: string }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    pending += decoder.decode(value ?? new Uint8Array(), { stream: !done });
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (!line) {
        continue;
      }
      let msg: { delta?: unknown; done?: boolean; model?: string; error?: string; code?: string };
      try {
        msg = JSON.parse(line);
      } catch {
        throw new ExplainError('malformed', 'the explanation stream is not the expected NDJSON');
      }
      if (msg.error) {
        throw new ExplainError(msg.code ?? 'upstream', msg.error);
      }
      if (typeof msg.delta === 'string') {
        text += msg.delta;
        onText(text);
      }
      if (msg.done) {
        return { model: msg.model };
      }
    }
    if (done) {
      throw new ExplainError('malformed', 'the explanation stream ended before it was complete');
    }
  }
}
