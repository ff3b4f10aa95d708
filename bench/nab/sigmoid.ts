import { Profile } from './profiles';
import { RowWindow } from './corpus';

/**
 * NAB's scaled sigmoid (nab.md 2.3): 2/(1 + e^{5y}) − 1 = −tanh(2.5·y) for y ≤ 3, and −1 beyond.
 * Positive before a window's end (y < 0), negative after it.
 */
export function scaledSigmoid(y: number): number {
  return y > 3 ? -1 : 2 / (1 + Math.exp(5 * y)) - 1;
}

/** σ(−1): what a detection on a window's first row is worth before scaling, so that it earns exactly tpWeight. */
export const MAX_TP = scaledSigmoid(-1);

/** Rows NAB does not score at the start of a file: 15% of it, rounded down, at most 750 (nab.md 2.2). */
export function probationLength(rows: number): number {
  return Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
}

/** Where a row sits relative to the windows: inside window `window`, or outside with its row value. */
export type RowRole = { window: number; value: number } | { window: -1; value: number };

/**
 * The value v_i a detection on each row would be worth under a profile (nab.md 2.4):
 * - inside window k = [L, R] (width w): tpWeight·σ(−(R − i + 1)/w)/MAX_TP — tpWeight on the first row, falling
 *   to a small positive amount on the last;
 * - outside, after window k' (the most recent one that ended, even one inside the probation):
 *   fpWeight·σ((i − R')/(w' − 1)) — a mild penalty right after a window, the full −fpWeight from 3·(w' − 1) rows on;
 * - outside, before any window: −fpWeight.
 * Returns the window index per row (−1 outside) and the value.
 */
export function rowRoles(rows: number, windows: readonly RowWindow[], profile: Profile): RowRole[] {
  const roles: RowRole[] = new Array(rows);
  let k = 0; // next window not yet passed
  let previous = -1; // most recent window that ended before the row
  for (let i = 0; i < rows; i++) {
    while (k < windows.length && windows[k].end < i) {
      previous = k++;
    }
    const w = windows[k];
    if (w && w.start <= i) {
      const width = w.end - w.start + 1;
      roles[i] = { window: k, value: (profile.tpWeight * scaledSigmoid(-(w.end - i + 1) / width)) / MAX_TP };
    } else if (previous >= 0) {
      const p = windows[previous];
      const width = p.end - p.start + 1;
      roles[i] = { window: -1, value: profile.fpWeight * scaledSigmoid((i - p.end) / (width - 1)) };
    } else {
      roles[i] = { window: -1, value: -profile.fpWeight };
    }
  }
  return roles;
}
