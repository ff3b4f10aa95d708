import { RowWindow } from './corpus';
import { Profile } from './profiles';
import { probationLength, rowRoles } from './sigmoid';

/** One file's detector output (anomaly scores in [0, 1], one per row) and its labelled windows. */
export interface ScoredFile {
  key: string;
  scores: ArrayLike<number>;
  windows: RowWindow[];
}

/**
 * A file's raw score at threshold θ (nab.md 2.5). Rows before the probation end are ignored. A row is a detection
 * when its score is ≥ θ. Each detection outside the windows adds its (negative) row value; each window adds the
 * best (= earliest) detection's value, or −fnWeight when it has none. A window wholly inside the probation adds
 * nothing.
 */
export function fileScore(file: ScoredFile, profile: Profile, threshold: number): number {
  const n = file.scores.length;
  const probation = probationLength(n);
  const roles = rowRoles(n, file.windows, profile);
  const best = file.windows.map(() => -Infinity);
  let fp = 0;
  for (let i = probation; i < n; i++) {
    if (!(file.scores[i] >= threshold)) {
      continue;
    }
    const role = roles[i];
    if (role.window < 0) {
      fp += role.value;
    } else {
      best[role.window] = Math.max(best[role.window], role.value);
    }
  }
  let total = fp;
  file.windows.forEach((w, k) => {
    if (w.end >= probation) {
      total += best[k] > -Infinity ? best[k] : -profile.fnWeight;
    }
  });
  return total;
}

/** The corpus raw score at θ: the plain sum of the file scores. */
export function corpusScore(files: readonly ScoredFile[], profile: Profile, threshold: number): number {
  return files.reduce((sum, f) => sum + fileScore(f, profile, threshold), 0);
}

/** NAB's "nothing detected" threshold, the first candidate of the sweep. */
export const NO_DETECTION = 1.1;

/**
 * The one threshold for the whole corpus that maximises its raw score (nab.md 2.6). Candidates are 1.1 and every
 * distinct score of a scorable row. All scorable rows are swept from the highest score down, so S(θ) for each
 * candidate is found in one pass; ties go to the higher threshold (the first one met), as in NAB.
 */
export function optimiseThreshold(
  files: readonly ScoredFile[],
  profile: Profile
): { threshold: number; score: number } {
  const scores: number[] = [];
  const values: number[] = [];
  const windowIds: number[] = [];
  let windowCount = 0;
  let total = 0; // running S: FP sum + each scorable window's current value
  const windowValue: number[] = [];
  for (const f of files) {
    const n = f.scores.length;
    const probation = probationLength(n);
    const roles = rowRoles(n, f.windows, profile);
    for (let i = probation; i < n; i++) {
      scores.push(f.scores[i]);
      values.push(roles[i].value);
      windowIds.push(roles[i].window < 0 ? -1 : windowCount + roles[i].window);
    }
    for (const w of f.windows) {
      const scorable = w.end >= probation;
      windowValue.push(scorable ? -profile.fnWeight : 0);
      total += scorable ? -profile.fnWeight : 0;
    }
    windowCount += f.windows.length;
  }
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
  let best = { threshold: NO_DETECTION, score: total };
  for (let j = 0; j < order.length; j++) {
    const row = order[j];
    const w = windowIds[row];
    if (w < 0) {
      total += values[row];
    } else if (values[row] > windowValue[w]) {
      total += values[row] - windowValue[w];
      windowValue[w] = values[row];
    }
    const last = j + 1 === order.length || scores[order[j + 1]] !== scores[row];
    if (last && total > best.score) {
      best = { threshold: scores[row], score: total };
    }
  }
  return best;
}
