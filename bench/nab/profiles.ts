import { readFileSync } from 'fs';

/** A NAB cost matrix (tnWeight exists in the file but NAB never uses it). */
export interface Profile {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

/** Reads NAB's profiles.json: `{name: {CostMatrix: {tpWeight, fpWeight, fnWeight, tnWeight}}}`. */
export function readProfiles(path: string): Record<string, Profile> {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { CostMatrix?: Partial<Profile> }>;
  const out: Record<string, Profile> = {};
  for (const [name, entry] of Object.entries(raw)) {
    const m = entry.CostMatrix ?? {};
    for (const k of ['tpWeight', 'fpWeight', 'fnWeight'] as const) {
      if (typeof m[k] !== 'number') {
        throw new Error(`${path}: profile "${name}" has no numeric CostMatrix.${k}`);
      }
    }
    out[name] = { tpWeight: m.tpWeight!, fpWeight: m.fpWeight!, fnWeight: m.fnWeight! };
  }
  return out;
}
