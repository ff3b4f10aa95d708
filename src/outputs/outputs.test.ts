import { createTheme } from '@grafana/data';
import { FIELD_KINDS, OUTPUTS, QUERY_OUTPUTS, seriesColor } from './outputs';

describe('the output description (pkg/outputs/outputs.json)', () => {
  it('lists the same query outputs and added fields as the typed lists (Go checks its own the same way)', () => {
    expect(OUTPUTS.queryOutputs.map((o) => o.id)).toEqual([...QUERY_OUTPUTS]);
    expect(OUTPUTS.fields.map((f) => f.kind)).toEqual([...FIELD_KINDS]);
    // Every field kind goes into exactly one frame.
    expect(OUTPUTS.frames.flatMap((f) => f.fields).sort()).toEqual([...FIELD_KINDS].sort());
    for (const o of OUTPUTS.queryOutputs) {
      expect(o.label && o.description).toBeTruthy();
    }
  });

  it('holds the classic palette of the @grafana/data we build with, in both themes', () => {
    expect(OUTPUTS.palette).toEqual(createTheme({ colors: { mode: 'dark' } }).visualization.palette);
    expect(OUTPUTS.palette).toEqual(createTheme({ colors: { mode: 'light' } }).visualization.palette);
  });

  it('wraps palette positions around like Grafana does', () => {
    const n = OUTPUTS.palette.length;
    expect(seriesColor(0)).toBe('green');
    expect(seriesColor(n + 2)).toBe(seriesColor(2));
  });
});
