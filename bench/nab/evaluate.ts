import { baselines, normalise } from './normalise';
import { Profile } from './profiles';
import { corpusScore, optimiseThreshold, ScoredFile } from './score';

/** One profile's result: normalised score at the optimised threshold, that threshold, and at the product default. */
export interface ProfileResult {
  optimised: number;
  threshold: number;
  atDefault: number;
}

/** Scores a corpus under every profile (one threshold per profile for the whole corpus). */
export function evaluate(
  files: readonly ScoredFile[],
  profiles: Record<string, Profile>,
  defaultThreshold: number
): Record<string, ProfileResult> {
  const out: Record<string, ProfileResult> = {};
  for (const [name, profile] of Object.entries(profiles)) {
    const base = baselines(files, profile);
    const best = optimiseThreshold(files, profile);
    out[name] = {
      optimised: normalise(best.score, base),
      threshold: best.threshold,
      atDefault: normalise(corpusScore(files, profile, defaultThreshold), base),
    };
  }
  return out;
}
