import { DataFrame } from '@grafana/data';
import { promSeriesFrame } from '../../src/transformation/testing/promFrames';
import { Mulberry32 } from '../../src/detectors/mulberry32';

/** Deterministic noise (the library's mulberry32) so every run times the same frames. */
function random(seed: number) {
  const g = new Mulberry32(seed);
  return () => g.uniform();
}

/**
 * `series` frames as Grafana's Prometheus data source returns a range query (one frame per series), each `points`
 * minute steps of a daily wave with noise and a few spikes.
 */
export function benchFrames(series: number, points: number): DataFrame[] {
  const start = 1_700_000_000_000;
  const t = Array.from({ length: points }, (_, i) => start + i * 60_000);
  return Array.from({ length: series }, (_, s) => {
    const rnd = random(s + 1);
    const v = t.map(
      (_, i) => 100 + 20 * Math.sin((2 * Math.PI * i) / 1440 + s) + 3 * (rnd() - 0.5) + (i % 500 === 250 ? 30 : 0)
    );
    return promSeriesFrame(t, v, { __name__: 'http_requests_per_second', pod: `api-${s}` });
  });
}
