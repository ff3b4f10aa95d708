/**
 * @jest-environment node
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { streamFromDataSource } from './dataSourceStream';
import { ExplainError } from './errors';

/**
 * A local server answering like Grafana's resource proxy in front of pkg/plugin/call_resource.go: NDJSON lines
 * flushed one by one, JSON errors with a status before the stream starts.
 */
let server: http.Server;
let base = '';
let requests: Array<{ url: string; body: string; contentType?: string }> = [];
/** The 'ok' mode sends its second line only after the client saw the first (or after 5 s, saying so). */
let release: () => void = () => undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', body, contentType: req.headers['content-type'] });
      const mode = new URL(req.url ?? '/', 'http://x').pathname.split('/')[4];
      const line = (o: object) => res.write(JSON.stringify(o) + '\n');
      switch (mode) {
        case 'ok':
          res.writeHead(200, { 'content-type': 'application/x-ndjson' });
          line({ delta: '**Summary.** ' });
          new Promise<string>((resolve) => {
            release = () => resolve('Latency doubled.');
            setTimeout(() => resolve('(not streamed)'), 5000);
          }).then((rest) => {
            line({ delta: rest });
            line({ done: true, model: 'gpt-test' });
            res.end();
          });
          break;
        case 'rate':
          res.writeHead(429, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'the LLM endpoint answered 429 (rate limited)', code: 'rate_limited' }));
          break;
        case 'proxy':
          res.writeHead(502, { 'content-type': 'text/html' });
          res.end('<html>Bad gateway</html>');
          break;
        case 'midway':
          res.writeHead(200, { 'content-type': 'application/x-ndjson' });
          line({ delta: 'partial' });
          line({ error: 'the explanation stream broke off', code: 'upstream' });
          res.end();
          break;
        case 'truncated':
          res.writeHead(200, { 'content-type': 'application/x-ndjson' });
          line({ delta: 'partial' });
          res.end();
          break;
        case 'garbage':
          res.writeHead(200);
          res.end('<html>not ndjson</html>\n');
          break;
        case 'hang':
          res.writeHead(200, { 'content-type': 'application/x-ndjson' });
          line({ delta: 'x' });
          break; // never ends
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

beforeEach(() => {
  requests = [];
});

// The uid is the fourth path segment the server reads its mode from: /api/datasources/uid/<mode>/resources/…
const messages = [{ role: 'user' as const, content: 'Explain {"route":"/checkout"}' }];

describe('streamFromDataSource', () => {
  it('posts the messages to the resource route and delivers the text as it arrives', async () => {
    const seen: string[] = [];
    const result = await streamFromDataSource(
      'ok',
      messages,
      (t) => {
        seen.push(t);
        release(); // the server goes on only once the first text arrived here
      },
      { appSubUrl: base }
    );
    expect(seen).toEqual(['**Summary.** ', '**Summary.** Latency doubled.']);
    expect(result.model).toBe('gpt-test');
    expect(requests[0].url).toBe('/api/datasources/uid/ok/resources/llm/chat');
    expect(requests[0].contentType).toBe('application/json');
    expect(JSON.parse(requests[0].body)).toEqual({ messages });
  });

  it.each([
    ['rate', 'rate_limited', /429/],
    ['proxy', 'upstream', /answered 502/],
    ['midway', 'upstream', /broke off/],
    ['truncated', 'malformed', /ended before/],
    ['garbage', 'malformed', /not the expected NDJSON/],
  ])('%s → %s', async (mode, code, message) => {
    const error = await streamFromDataSource(mode, messages, () => undefined, { appSubUrl: base }).catch((e) => e);
    expect(error).toBeInstanceOf(ExplainError);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('gives up with a timeout error when the stream does not finish', async () => {
    const began = Date.now();
    const error = await streamFromDataSource('hang', messages, () => undefined, {
      appSubUrl: base,
      timeoutMs: 300,
    }).catch((e) => e);
    expect(error.code).toBe('timeout');
    expect(Date.now() - began).toBeLessThan(3000);
  });

  it('says when the Grafana server cannot be reached', async () => {
    const error = await streamFromDataSource('ok', messages, () => undefined, {
      appSubUrl: 'http://127.0.0.1:1',
    }).catch((e) => e);
    expect(error.code).toBe('unreachable');
  });
});
