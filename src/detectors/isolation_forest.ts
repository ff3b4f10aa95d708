import { DetectorDefinition } from './detector';
import { DetectorError } from './errors';
import { IsolationForestModel } from './isolation_forest_trees';
import { Mulberry32 } from './mulberry32';
import { commonParams } from './params';
import { emptyResult, flagAnomalies } from './result';
import { repeatSources } from './samples';
import { StepEstimate } from './step';
import { DetectionResult, Params, Series } from './types';

/**
 * `isolation_forest`: several aligned series scored together by an Isolation Forest (Liu, Ting & Zhou 2008),
 * trained causally on the recent past.
 *
 * Rows: the timestamps present in every series with a non-NaN value in every series ("aligned rows"); any other
 * point outputs NaN with anomaly false and enters no training set. Features of a row, series by series: the value,
 * then for l = 1..lags the change x_t − x_{t−l} since the aligned row l rows earlier (the first `lags` aligned rows
 * have no features and stay NaN).
 *
 * Causal training in time: the training rows of feature row m are the feature rows of [max(0, m − window), m)
 * that lie within window·S of t_m (S: the step of the aligned rows, step.ts) — never the row it scores. A forest is
 * built at m when there is none usable or `retrain` rows have passed since the last one, provided at least
 * warm = min(window, sampleSize) training rows exist; a forest whose newest training row is older than window·S
 * is no longer usable (after a gap the detector warms up again instead of judging the present by a stale past).
 * Row m is scored by the current forest; on a regular series forests are built at m = warm, warm + retrain, ….
 * Robust by construction: an outlier in the training set is isolated early and does not change how other rows
 * are isolated, and no state outlives the training window. Aligned rows at which every series only repeats its
 * previous sample (samples.ts) are not rows: they take the score and flag of the row they repeat. Each of `trees` trees is grown from psi =
 * min(sampleSize, window) rows drawn without replacement, to height limit ceil(log2 psi); an internal node picks
 * a feature uniformly among those that vary in the node (a constant one would isolate nothing) and a split
 * uniformly in [min, max) of that feature; x < split goes left. Path length of a row = edges to its leaf + c(leaf
 * size), c(n) = 2H(n − 1) − 2(n − 1)/n, H(k) = ln k + 0.5772156649015329 (c(2) = 1, c(0) = c(1) = 0).
 *   s = 2^(−mean path length / c(psi))   in (0, 1]; about 0.5 for ordinary points, near 1 for isolated ones.
 *   score = max(0, (s − 0.5) / (sensitivity − 0.5))   so score 1 is the threshold s = sensitivity.
 * No band: the detector is multivariate, with no per-series band, so expected/lower/upper are NaN everywhere.
 * `direction` is ignored (an isolated point has no side). Every series of the group gets the same score and
 * anomaly at a given timestamp, at its own index; `minConsecutive` counts along each series.
 *
 * Randomness: one mulberry32 generator (src/detectors/mulberry32.ts) seeded with `seed` at the start of the run,
 * u = uint32 / 2^32. Per build: a permutation of the training rows starts as the identity; per tree, in order:
 * psi draws of a partial Fisher–Yates shuffle (r = j + floor(u·(N − j)), swap perm[j] and perm[r]; the sample is
 * perm[0..psi), the permutation carries over to the next tree), then the tree's nodes in pre-order. A node with
 * more than one point below the height limit draws its feature from the list of the d features in ascending order,
 * q = list[floor(u·r)] for the r still listed; a q constant in the node is dropped (the last listed feature takes its
 * place) and the draw repeats; an empty list (all points identical) makes the node a leaf. A splitting node then
 * draws its split min + u·(max − min). The same data and seed give the same forest in TS and Go
 * (pkg/detectors/isolation_forest.go); see src/detectors/isolation_forest_trees.ts.
 *
 * Constant series: every training point is identical, each tree is a single leaf, s = 2^(−c(psi)/c(psi)) = 0.5 and
 * the score is 0 — also for a later step off the constant, which an isolation forest trained on one value cannot
 * isolate (use a band detector for that). Likewise it has no seasonal context: a spike that stays inside the range
 * a seasonal series covers anyway is not isolated. Warm-up: lags + min(window, sampleSize) aligned points.
 *
 * Cost: aligning O(n·g) for g series; scoring O(n·trees·log psi); training O((n/retrain)·trees·psi·log psi), plus
 * O(window) per build for the permutation and a node-size pass per constant feature drawn. Memory O(n·d + trees·psi)
 * for d = g·(1 + lags) features. All loops are hand-written on typed arrays: simple-statistics has no isolation
 * forest, and the draws must follow the order above.
 *
 * @example
 * const t = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
 * const [r] = runDetector('isolation_forest', [
 *   { t, v: [10, 12.5, 11, 13, 9.5, 14, 11.5, 12, 10.5, 13.5, 30, 12] }, // e.g. CPU
 *   { t, v: [5, 4.5, 6, 5.5, 4, 6.5, 5, 4.5, 6, 5.5, 15, 4.5] }, // e.g. latency
 * ], { window: 8, retrain: 4, trees: 20, sampleSize: 8, sensitivity: 0.6 });
 * // r.score   → [NaN × 8, 0.0000, 0.1433, 1.1008, 0.0000]   (both series jump together at index 10)
 * // r.anomaly → [0 × 8, 0, 0, 1, 0]; r.expected/lower/upper are NaN everywhere
 * // (the same numbers as ExampleIsolationForest in pkg/detectors and the doc_example vector case)
 */
export const isolationForest: DetectorDefinition = {
  id: 'isolation_forest',
  name: 'Isolation forest',
  description: 'Scores several series together: points that random splits isolate quickly are unusual combinations.',
  multivariate: true,
  params: [
    {
      name: 'window',
      type: 'int',
      default: 1000,
      min: 2,
      max: 100000,
      description: 'Number of previous points each forest is trained on.',
    },
    {
      name: 'retrain',
      type: 'int',
      default: 100,
      min: 1,
      max: 100000,
      description: 'Rebuild the forest every this many points (a forest never sees the points it scores).',
    },
    {
      name: 'trees',
      type: 'int',
      default: 100,
      min: 1,
      max: 1000,
      description: 'Number of isolation trees; more trees give steadier scores and cost more.',
    },
    {
      name: 'sampleSize',
      type: 'int',
      default: 256,
      min: 2,
      max: 4096,
      description: 'Points each tree is grown from, capped at window; min(window, sampleSize) points are the warm-up.',
    },
    {
      name: 'lags',
      type: 'int',
      default: 0,
      min: 0,
      max: 10,
      description: 'Also use the changes x(t) − x(t−l), l = 1..lags, of every series as features (catches jumps).',
    },
    {
      name: 'seed',
      type: 'int',
      default: 42,
      min: 0,
      max: 2147483647,
      description: 'Seed of the random generator; the same data and seed give the same scores everywhere.',
    },
    ...commonParams({
      default: 0.65,
      min: 0.51,
      max: 0.99,
      description:
        'Isolation score (0.5 = ordinary, 1 = isolated at once) above which a point is anomalous; larger = fewer anomalies.',
    }),
  ],
  warmup: (p) => (p.lags as number) + Math.min(p.window as number, p.sampleSize as number),
  detectGroup: detectIsolationForest,
};

/** Aligned rows: the index, in each series, of every timestamp all series share with non-NaN values. */
interface ForestRows {
  count: number;
  /** index[k·g + s] = position of aligned row k in series s. */
  index: Int32Array;
  /** Aligned rows at which every series only repeats its previous sample: their positions and the row they repeat. */
  repeats: Array<{ positions: Int32Array; row: number }>;
}

function alignForestRows(series: readonly Series[]): ForestRows {
  const g = series.length;
  const first = series[0];
  const sources = series.map((s) => repeatSources(s));
  const index = new Int32Array(first.t.length * g);
  const cursor = new Int32Array(g);
  const repeats: Array<{ positions: Int32Array; row: number }> = [];
  let count = 0;
  for (let i = 0; i < first.t.length; i++) {
    const t = first.t[i];
    let complete = !Number.isNaN(first.v[i]);
    index[count * g] = i;
    for (let s = 1; s < g; s++) {
      const other = series[s];
      let c = cursor[s];
      while (c < other.t.length && other.t[c] < t) {
        c++;
      }
      cursor[s] = c;
      if (c < other.t.length && other.t[c] === t && !Number.isNaN(other.v[c])) {
        index[count * g + s] = c;
      } else {
        complete = false;
      }
    }
    if (!complete) {
      continue;
    }
    let repeated = count > 0;
    for (let s = 0; s < g && repeated; s++) {
      const src = sources[s];
      repeated = src !== undefined && src[index[count * g + s]] >= 0;
    }
    if (repeated) {
      repeats.push({ positions: index.slice(count * g, count * g + g), row: count - 1 });
    } else {
      count++;
    }
  }
  return { count, index, repeats };
}
/** Feature matrix, one row per aligned row from row `lags` on: per series the value, then its 1..lags changes. */
function forestFeatures(series: readonly Series[], rows: ForestRows, lags: number): Float64Array {
  const g = series.length;
  const dims = g * (1 + lags);
  const m = Math.max(0, rows.count - lags);
  const features = new Float64Array(m * dims);
  for (let row = 0; row < m; row++) {
    const k = row + lags;
    for (let s = 0; s < g; s++) {
      const v = series[s].v;
      const x = v[rows.index[k * g + s]];
      const at = row * dims + s * (1 + lags);
      features[at] = x;
      for (let l = 1; l <= lags; l++) {
        features[at + l] = x - v[rows.index[(k - l) * g + s]];
      }
    }
  }
  return features;
}

function detectIsolationForest(series: readonly Series[], p: Params): DetectionResult[] {
  if (series.length === 0) {
    throw new DetectorError('too_few_series', 'isolation_forest: needs at least 1 series, got none');
  }
  const window = p.window as number;
  const retrain = p.retrain as number;
  const lags = p.lags as number;
  const threshold = p.sensitivity as number;
  const g = series.length;
  const dims = g * (1 + lags);
  const warm = Math.min(window, p.sampleSize as number);

  const rows = alignForestRows(series);
  const features = forestFeatures(series, rows, lags);
  const featureRows = features.length / dims;
  const rowScore = new Float64Array(rows.count).fill(NaN);
  const timeOf = (m: number) => series[0].t[rows.index[(m + lags) * g]];
  const steps = new StepEstimate();
  for (let k = 0; k < lags && k < rows.count; k++) {
    steps.add(series[0].t[rows.index[k * g]]);
  }
  const model = new IsolationForestModel(p.trees as number, warm, dims);
  const rng = new Mulberry32(p.seed as number);
  let built = -1; // feature row at which the current forest was built; −1 = none usable
  let newest = 0; // time of the newest row the current forest was trained on
  for (let m = 0; m < featureRows; m++) {
    const t = timeOf(m);
    const span = window * steps.add(t);
    // The training rows: the last `window` feature rows before m that lie within window·step of time.
    let first = Math.max(0, m - window);
    while (first < m && timeOf(first) < t - span) {
      first++;
    }
    if (built >= 0 && newest < t - span) {
      built = -1; // a gap: the forest describes a past that is no longer recent
    }
    if (built < 0 || m - built >= retrain) {
      if (m - first >= warm) {
        model.build(features, first, m - first, rng);
        built = m;
        newest = timeOf(m - 1);
      } else {
        built = -1;
      }
    }
    if (built >= 0) {
      const s = model.anomalyMeasure(features, m * dims);
      rowScore[m + lags] = Math.max(0, (s - 0.5) / (threshold - 0.5));
    }
  }

  return series.map((one, s) => {
    const r = emptyResult(one.v.length, lags + warm);
    for (let k = 0; k < rows.count; k++) {
      r.score[rows.index[k * g + s]] = rowScore[k];
    }
    flagAnomalies(one.v, r, p);
    for (const rep of rows.repeats) {
      const from = rows.index[rep.row * g + s];
      r.score[rep.positions[s]] = r.score[from];
      r.anomaly[rep.positions[s]] = r.anomaly[from];
    }
    return r;
  });
}
