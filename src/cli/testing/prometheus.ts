import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/**
 * A real Prometheus for the command line's integration tests, started the way internal/promtest does for the Go
 * tests: Debian's `promtool tsdb create-blocks-from openmetrics` backfills the series into a fresh TSDB in a
 * temporary directory, then `prometheus` serves it on a free loopback port.
 */
export interface BackfillSeries {
  name: string;
  labels: Record<string, string>;
  /** Unix ms of the first sample, and the spacing. */
  start: number;
  stepMs: number;
  /** NaN values are left out (a gap). */
  values: number[];
}

export interface RunningPrometheus {
  url: string;
  stop(): Promise<void>;
}

/** Why a real Prometheus cannot run here, or '' when prometheus and promtool are installed. */
export function prometheusMissing(): string {
  for (const bin of ['prometheus', 'promtool']) {
    try {
      execFileSync('which', [bin], { stdio: 'ignore' });
    } catch {
      return `${bin} is not installed (Debian: apt-get install prometheus)`;
    }
  }
  return '';
}

export async function startPrometheus(series: BackfillSeries[]): Promise<RunningPrometheus> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-prom-'));
  const data = path.join(dir, 'data');
  const om = path.join(dir, 'backfill.om');
  fs.writeFileSync(om, openMetrics(series));
  execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=24h', om, data], {
    stdio: 'pipe',
  });
  const config = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(config, 'global:\n  scrape_interval: 1h\nscrape_configs: []\n');
  const port = await freePort();
  const log = fs.openSync(path.join(dir, 'prometheus.log'), 'w');
  const proc: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', log, log] }
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (proc.exitCode === null) {
        proc.kill('SIGKILL');
      }
    }
    fs.closeSync(log);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) {
      const text = fs.readFileSync(path.join(dir, 'prometheus.log'), 'utf8');
      await stop();
      throw new Error(`prometheus exited: ${text.slice(-500)}`);
    }
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) {
        return { url, stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`prometheus at ${url} not ready after 60 s`);
}

function openMetrics(series: BackfillSeries[]): string {
  const byName = new Map<string, BackfillSeries[]>();
  for (const s of series) {
    byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  }
  const lines: string[] = [];
  for (const name of [...byName.keys()].sort()) {
    lines.push(`# TYPE ${name} gauge`);
    for (const s of byName.get(name)!) {
      const labels = Object.keys(s.labels)
        .sort()
        .map((k) => `${k}=${JSON.stringify(s.labels[k])}`)
        .join(',');
      const prefix = `${name}${labels ? `{${labels}}` : ''} `;
      s.values.forEach((v, i) => {
        if (!Number.isNaN(v)) {
          lines.push(`${prefix}${v} ${(s.start + i * s.stepMs) / 1000}`);
        }
      });
    }
  }
  lines.push('# EOF');
  return lines.join('\n') + '\n';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}
