/**
 * @jest-environment node
 */
import * as fs from 'fs';
import * as path from 'path';
import { DetectorError, ERROR_CODES } from './errors';
import {
  DETECTORS,
  DEFAULT_DETECTOR,
  getDetector,
  registryMetadata,
  resolveDetectorParams,
  runDetector,
} from './registry';

const golden = path.resolve(__dirname, '../../testdata/registry.json');

describe('registry', () => {
  it('matches testdata/registry.json, which the Go registry also matches', () => {
    expect(JSON.parse(JSON.stringify(registryMetadata()))).toEqual(JSON.parse(fs.readFileSync(golden, 'utf8')));
  });

  it('has unique ids, the default among them, and sane parameter specs', () => {
    const ids = DETECTORS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(DEFAULT_DETECTOR);
    for (const d of DETECTORS) {
      expect(d.description.length).toBeGreaterThan(10);
      const names = d.params.map((p) => p.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names.slice(-3)).toEqual(['sensitivity', 'direction', 'minConsecutive']);
      for (const p of d.params) {
        // A readable label from PARAM_LABELS, never the raw id ("Min consecutive points", not minConsecutive).
        expect(p.label).toMatch(/^[A-Z][a-z]/);
        expect(p.label).not.toBe(p.name);
        if (p.type === 'int' || p.type === 'float') {
          expect(p.min! <= (p.default as number) && (p.default as number) <= p.max!).toBe(true);
        }
        if (p.type === 'enum') {
          expect(p.options).toContain(p.default);
        }
      }
      // Defaults resolve, and the declared warm-up is a whole number of points.
      expect(Number.isInteger(d.warmup(resolveDetectorParams(d.id)))).toBe(true);
    }
  });

  it('rejects an unknown detector with unknown_detector, naming the valid ones', () => {
    expect(() => getDetector('prophet')).toThrow(DetectorError);
    try {
      runDetector('prophet', [{ t: [1], v: [1] }]);
    } catch (e) {
      expect((e as DetectorError).code).toBe('unknown_detector');
      expect((e as DetectorError).message).toContain('zscore');
    }
    expect.assertions(3);
  });

  it('lists the same error codes as Go', () => {
    expect(ERROR_CODES).toEqual([
      'invalid_param',
      'invalid_input',
      'non_finite_input',
      'too_few_points',
      'too_few_series',
      'unknown_detector',
      'cannot_forecast',
    ]);
  });
});
