/**
 * @jest-environment node
 */
import * as fs from 'fs';
import * as path from 'path';
import { interpolate } from './variables';

/** The table pkg/query/variables_test.go checks too: the two implementations replace identically. */
const TABLE = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../testdata/variables.json'), 'utf8')) as {
  cases: Array<{
    name: string;
    expr: string;
    stepMs: number;
    rangeMs: number;
    scrapeMs: number;
    expected: string;
    notice: string;
  }>;
};

describe('interpolate: testdata/variables.json (shared with the Go backend)', () => {
  it.each(TABLE.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(interpolate(c.expr, c)).toEqual({ expr: c.expected, notice: c.notice });
  });
});
