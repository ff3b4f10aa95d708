import {
  applyFieldOverrides,
  createTheme,
  DataFrame,
  FieldColorModeId,
  FieldType,
  getFieldDisplayName,
  getFieldSeriesColor,
  standardTransformersRegistry,
  transformDataFrame,
} from '@grafana/data';
import { firstValueFrom } from 'rxjs';
import { ANOMALY_TRANSFORMATION_ID } from './id';
import { registerAnomalyTransformation } from './registerCodeSplit';
import { coreItems, minuteTimes, promSeriesFrame, promWideFrame, spikySeries } from './testing/promFrames';

/**
 * Colours with many series, through @grafana/data's own applyFieldOverrides (which numbers a panel's series for the
 * classic palette, the default colour scheme) and getFieldSeriesColor (the colour a panel draws a field in): every
 * original series keeps the colour it has without the transformation, and each series' expected line, band and
 * markers take that series' colour.
 */
standardTransformersRegistry.setInit(() => coreItems('lazy') as any);
registerAnomalyTransformation();

const theme = createTheme({ colors: { mode: 'dark' } });
const t = minuteTimes(120);

/**
 * Field colours as a panel with the default classic palette draws them, by display name. The panel default is
 * merged in where the data set no colour, as Grafana's setFieldConfigDefaults does (its option registry is Grafana
 * core code, not in a package; tests/browser/harness/panelDefaults.ts does the same).
 */
function drawnColours(frames: DataFrame[]): Map<string, string> {
  const out = new Map<string, string>();
  const withDefaults = frames.map((frame) => ({
    ...frame,
    fields: frame.fields.map((f) => ({
      ...f,
      config: { ...f.config, color: f.config.color ?? { mode: FieldColorModeId.PaletteClassic } },
    })),
  }));
  const styled = applyFieldOverrides({
    data: withDefaults,
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (s: string) => s,
    theme,
  });
  for (const frame of styled) {
    for (const field of frame.fields) {
      if (field.type !== FieldType.time) {
        out.set(getFieldDisplayName(field, frame, styled), getFieldSeriesColor(field, theme).color);
      }
    }
  }
  return out;
}

async function withAndWithout(input: DataFrame[], options: object) {
  const out = await firstValueFrom(transformDataFrame([{ id: ANOMALY_TRANSFORMATION_ID, options }], input));
  return { before: drawnColours(input), after: drawnColours(out) };
}

describe('series colours', () => {
  it('three Prometheus series: originals keep their colours, each band/expected/markers takes its series colour', async () => {
    const pods = ['api-1', 'api-2', 'api-3'];
    const input = pods.map((pod, k) =>
      promSeriesFrame(t, spikySeries(120, 60 + k * 10, 100 + 5 * k), { pod }, { legend: pod })
    );
    const { before, after } = await withAndWithout(input, { detector: 'zscore', params: { window: 20 } });
    const seriesColours = pods.map((pod) => before.get(pod));
    expect(new Set(seriesColours).size).toBe(3);
    for (const [k, pod] of pods.entries()) {
      expect(after.get(pod)).toBe(seriesColours[k]);
      for (const added of ['expected', 'lower', 'upper', 'anomaly']) {
        expect({ field: `${pod} ${added}`, colour: after.get(`${pod} ${added}`) }).toEqual({
          field: `${pod} ${added}`,
          colour: seriesColours[k],
        });
      }
    }
  });

  it('a wide frame and only its first field analysed: untouched and analysed series keep their colours', async () => {
    const wide = promWideFrame(t, [
      { labels: { pod: 'p1' }, v: spikySeries(120, 50) },
      { labels: { pod: 'p2' }, v: spikySeries(120, 70, 20) },
    ]);
    const other = promSeriesFrame(t, spikySeries(120, 90, 60), { pod: 'p3' }, { legend: 'p3' });
    // Analyse the first of the three series only: the two after it must not move.
    const first = [...drawnColours([wide, other]).keys()][0];
    const { before, after } = await withAndWithout([wide, other], {
      detector: 'zscore',
      params: { window: 20 },
      fields: [first],
    });
    expect(before.size).toBe(3);
    for (const [name, colour] of before) {
      expect({ name, colour: after.get(name) }).toEqual({ name, colour });
    }
    expect(after.get(`${first} upper`)).toBe(before.get(first));
  });
});
