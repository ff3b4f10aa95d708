import {
  DataFrame,
  DataTransformerInfo,
  Registry,
  standardTransformersRegistry,
  transformDataFrame,
} from '@grafana/data';
import { firstValueFrom, of } from 'rxjs';
import { DEFAULT_DETECTOR } from '../detectors';
import { ANOMALY_TRANSFORMATION_ID } from './id';
import AnomalyTransformEditor from './AnomalyTransformEditor';
import { registerAnomalyTransformation } from './registerCodeSplit';
import { registerAnomalyTransformation as registerBundled } from './registerBundled';
import { detectRegistryShape } from './registerTransformation';
import { reprocessSceneTransformers } from './reprocessPanels';
import { coreItems, minuteTimes, promSeriesFrame, spikySeries } from './testing/promFrames';

const frames = () => [promSeriesFrame(minuteTimes(120), spikySeries(120, 100), { instance: 'a' })];
const options = { detector: 'zscore', params: { window: 30 } };
/** The field names of every output frame, in order. */
const fieldNames = (out: DataFrame[]) => out.flatMap((frame) => frame.fields.map((f) => f.name));

/**
 * Grafana 12.x–13.0 looked a saved transformation up with `registry.get(id)` (throws for an unknown id) and piped
 * the data through `item.transformation.operator(options, ctx)` (transformDataFrame in the published
 * @grafana/data 12.4 package, dist/esm/transformations/transformDataFrame.mjs). This repeats that lookup, since only
 * 13.1's transformDataFrame is installed.
 */
function runLikeGrafana12(registry: Registry<any>, data: DataFrame[]): Promise<DataFrame[]> {
  const info: DataTransformerInfo = registry.get(ANOMALY_TRANSFORMATION_ID).transformation;
  const opts = { ...info.defaultOptions, ...options };
  return firstValueFrom(of(data).pipe(info.operator(opts, { interpolate: (s: string) => s })));
}

/** The parts of a Scenes tree the mitigation reads: forEachChild, state.transformations, reprocessTransformations. */
function sceneNode(state: object, children: any[] = []) {
  const node = {
    state,
    reprocessed: 0,
    forEachChild: (cb: (c: any) => void) => children.forEach(cb),
    reprocessTransformations: () => node.reprocessed++,
  };
  return node;
}

describe('registration, Grafana 13.1+ registry shape (lazy resolver), the real standardTransformersRegistry', () => {
  // A dashboard that already ran its pipeline before the plugin loaded: its panel uses the transformation.
  const lateTransformer = sceneNode({ transformations: [{ id: ANOMALY_TRANSFORMATION_ID, options: {} }] });
  beforeAll(() => {
    standardTransformersRegistry.setInit(() => coreItems('lazy') as any);
    (window as any).__grafanaSceneContext = sceneNode({}, [sceneNode({}, [lateTransformer])]);
  });
  afterAll(() => delete (window as any).__grafanaSceneContext);

  it('detects the shape from the core items and registers a resolver, once', async () => {
    expect(detectRegistryShape(standardTransformersRegistry)).toBe('lazy');
    expect(registerAnomalyTransformation()).toBe(true);
    expect(lateTransformer.reprocessed).toBe(1);
    // The data source module registers too; the second call must not throw "Duplicate Key".
    expect(registerAnomalyTransformation()).toBe(false);
    expect(standardTransformersRegistry.list().filter((i) => i.id === ANOMALY_TRANSFORMATION_ID)).toHaveLength(1);
    const item = standardTransformersRegistry.get(ANOMALY_TRANSFORMATION_ID);
    expect(typeof item.transformation).toBe('function');
    expect(item.defaultOptions).toMatchObject({ detector: DEFAULT_DETECTOR, mode: 'append' });
    expect((await item.transformation()).id).toBe(ANOMALY_TRANSFORMATION_ID);
  });

  it('runs through @grafana/data 13.1 transformDataFrame', async () => {
    const out = await firstValueFrom(transformDataFrame([{ id: ANOMALY_TRANSFORMATION_ID, options }], frames()));
    expect(fieldNames(out)).toEqual([
      ...['Time', 'Value'],
      ...['Time', 'expected', 'lower', 'upper', 'score'],
      ...['Time', 'anomaly'],
    ]);
  });
});

describe('registration, Grafana 12.x–13.0 registry shape (object), a Registry set up as Grafana 12 does', () => {
  it('detects the object shape, registers the info object, and runs through the 12.x lookup', async () => {
    const registry = new Registry<any>(() => coreItems('object'));
    expect(detectRegistryShape(registry)).toBe('object');
    expect(registerAnomalyTransformation(registry)).toBe(true);
    expect(registerAnomalyTransformation(registry)).toBe(false);
    const item = registry.get(ANOMALY_TRANSFORMATION_ID);
    expect(typeof item.transformation).toBe('object');
    expect(typeof item.transformation.operator).toBe('function');
    expect(fieldNames(await runLikeGrafana12(registry, frames()))).toEqual([
      ...['Time', 'Value'],
      ...['Time', 'expected', 'lower', 'upper', 'score'],
      ...['Time', 'anomaly'],
    ]);
  });

  it('before registration, 12.x fails the panel ("not found"): the race the re-run mitigates', () => {
    const registry = new Registry<any>(() => coreItems('object'));
    expect(() => runLikeGrafana12(registry, frames())).toThrow(/not found/);
  });
});

describe('registration with no core item to read the shape from', () => {
  it('registers a value both Grafana generations accept', async () => {
    const registry = new Registry<any>();
    expect(detectRegistryShape(registry)).toBe('unknown');
    registerAnomalyTransformation(registry);
    const t = registry.get(ANOMALY_TRANSFORMATION_ID).transformation;
    expect(typeof t).toBe('function');
    expect((await t()).id).toBe(ANOMALY_TRANSFORMATION_ID);
    expect(fieldNames(await runLikeGrafana12(registry, frames()))).toContain('upper');
  });
});

describe('registration from the nested data source module (operator and editor bundled in)', () => {
  it('registers once per registry, with the real editor, and runs in both shapes', async () => {
    for (const shape of ['object', 'lazy'] as const) {
      const registry = new Registry<any>(() => coreItems(shape));
      expect(registerBundled(registry)).toBe(true);
      // The app module loaded too: no second item, no "Duplicate Key".
      expect(registerAnomalyTransformation(registry)).toBe(false);
      const item = registry.get(ANOMALY_TRANSFORMATION_ID);
      expect(item.editor).toBe(AnomalyTransformEditor);
      const info: DataTransformerInfo = shape === 'lazy' ? await item.transformation() : item.transformation;
      const out = await firstValueFrom(of(frames()).pipe(info.operator(options, { interpolate: (s: string) => s })));
      expect(fieldNames(out)).toContain('upper');
    }
  });
});

describe('re-running panels after a late registration', () => {
  it('re-runs exactly the transformers that use the anomaly transformation', () => {
    const ours = sceneNode({
      transformations: [
        { id: 'reduce', options: {} },
        { id: ANOMALY_TRANSFORMATION_ID, options: {} },
      ],
    });
    const other = sceneNode({ transformations: [{ id: 'reduce', options: {} }] });
    const custom = sceneNode({ transformations: [() => (s: unknown) => s] });
    const panel = sceneNode({}, [ours]);
    const root = sceneNode({}, [panel, sceneNode({}, [other, custom]), panel]);
    expect(reprocessSceneTransformers(root, ANOMALY_TRANSFORMATION_ID)).toBe(1);
    expect([ours.reprocessed, other.reprocessed, custom.reprocessed]).toEqual([1, 0, 0]);
    expect(reprocessSceneTransformers(undefined, ANOMALY_TRANSFORMATION_ID)).toBe(0);
  });
});
