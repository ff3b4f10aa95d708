import { readFileSync } from 'fs';
import { join } from 'path';

/** The sizes and layout shared by every bench:speed runner (see sizes.json). */
export interface Size {
  name: string;
  series: number;
  points: number;
}

export const CASES: {
  stepMs: number;
  startMs: number;
  groupSize: number;
  sizes: Size[];
  pythonCap: Record<string, number>;
} = JSON.parse(readFileSync(join(__dirname, 'sizes.json'), 'utf8'));
