import { DataFrame, DataTransformerConfig, standardTransformersRegistry, transformDataFrame } from '@grafana/data';
import { firstValueFrom } from 'rxjs';
import { detectAnomalies } from './detectAnomalies';
import { ANOMALY_TRANSFORMATION_ID } from './id';
import { AnomalyTransformOptions } from './options';
import { registerAnomalyTransformation } from './registerCodeSplit';
import { coreItems, promSeriesFrame } from './testing/promFrames';
import { seasonTimeZone } from './transformerInfo';

standardTransformersRegistry.setInit(() => coreItems('lazy') as any);
registerAnomalyTransformation();

const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
const context = (answer: string) => ({ interpolate: (s: string) => (s === '${__timezone}' ? answer : s) });

describe('the time zone of seasons in the transformation', () => {
  it.each([
    ['the option, as typed', { timezone: 'Asia/Tokyo' }, context('Europe/Paris'), 'Asia/Tokyo'],
    ["Grafana's utc in the option", { timezone: 'utc' }, undefined, 'UTC'],
    ["the dashboard's, from Grafana's $__timezone", {}, context('Europe/Paris'), 'Europe/Paris'],
    ["the dashboard's utc", {}, context('utc'), 'UTC'],
    ["the dashboard's browser zone", {}, context('browser'), browser],
    ['the browser’s when $__timezone is not resolved (older Grafana)', {}, context('${__timezone}'), browser],
    ['the browser’s without a context', {}, undefined, browser],
  ])('%s', (_what, options: Partial<AnomalyTransformOptions>, ctx, want) => {
    expect(seasonTimeZone(options, ctx)).toBe(want);
  });

  // A daily peak from 19:00 to 20:00 Paris time, every 5 minutes, across the change to summer time (30 March
  // 2025): on the clock of Paris the season holds, in UTC the peak moves an hour and is flagged.
  const start = Date.UTC(2025, 2, 20);
  const t: number[] = [];
  const v: number[] = [];
  const hourIn = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: 'numeric', hourCycle: 'h23' });
  let state = 7;
  for (let i = 0; i < 13 * 288; i++) {
    const at = start + i * 300_000;
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    t.push(at);
    v.push(10 + (state / 2 ** 32 - 0.5) + (Number(hourIn.format(at)) === 19 ? 40 : 0));
  }
  const frame = promSeriesFrame(t, v, { __name__: 'load', site: 'paris' });
  const flagged = (out: DataFrame[]) => {
    const markers = out[out.length - 1].fields.find((f) => f.name === 'anomaly')!;
    const afterChange = Date.UTC(2025, 2, 30, 12);
    return t.filter((at, i) => at >= afterChange && markers.values[i] != null).length;
  };

  it('reaches the detector: the seasonal detector follows the chosen clock', () => {
    const paris = flagged(detectAnomalies([frame], { detector: 'seasonal', timezone: 'Europe/Paris' }));
    const utc = flagged(detectAnomalies([frame], { detector: 'seasonal', timezone: 'UTC' }));
    expect(utc).toBeGreaterThanOrEqual(12);
    expect(paris * 4).toBeLessThanOrEqual(utc);
  });

  it("through Grafana's transformDataFrame: unset, the dashboard's time zone applies", async () => {
    const config: DataTransformerConfig = { id: ANOMALY_TRANSFORMATION_ID, options: { detector: 'seasonal' } };
    const inParis = await firstValueFrom(transformDataFrame([config], [frame], context('Europe/Paris')));
    const inUtc = await firstValueFrom(transformDataFrame([config], [frame], context('utc')));
    expect(flagged(inParis)).toBe(
      flagged(detectAnomalies([frame], { detector: 'seasonal', timezone: 'Europe/Paris' }))
    );
    expect(flagged(inUtc)).toBe(flagged(detectAnomalies([frame], { detector: 'seasonal', timezone: 'UTC' })));
    expect(flagged(inUtc)).toBeGreaterThan(flagged(inParis));
  });

  it('an unknown time zone is a notice, the data shown unchanged', () => {
    const out = detectAnomalies([frame], { detector: 'seasonal', timezone: 'Mars/Olympus' });
    expect(out).toEqual([expect.objectContaining({ fields: frame.fields })]);
    expect(out[0].meta?.notices?.map((n) => n.text).join()).toMatch(/timezone.*Mars\/Olympus.*shown unchanged/);
  });
});
