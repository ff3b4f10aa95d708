import {
  DataTransformerInfo,
  standardTransformersRegistry,
  TransformerRegistryItem,
  TransformerUIProps,
} from '@grafana/data';
import type { ComponentType } from 'react';
import { ANOMALY_TRANSFORMATION_ID } from './id';
import { createTransformerInfo, OperatorLoader } from './transformerInfo';
import type { AnomalyTransformOptions } from './options';
import { reprocessPanelsUsing } from './reprocessPanels';

export type Registry = Pick<typeof standardTransformersRegistry, 'getIfExists' | 'register' | 'list'>;

/** What differs between the plugin's bundles: how the operator and the editor get loaded. */
export interface TransformationParts {
  loadOperator: OperatorLoader;
  editor: ComponentType<TransformerUIProps<Partial<AnomalyTransformOptions>>>;
}

/**
 * How the running Grafana's registry holds a transformation: `object` (Grafana 12.x–13.0: `transformation` is the
 * DataTransformerInfo) or `lazy` (13.1 on: `transformation` is `() => Promise<DataTransformerInfo>`).
 * Read from core items at run time, because Grafana's own @grafana/data decides, not the version we build with.
 * `unknown` when no core item is registered yet.
 */
export type RegistryShape = 'object' | 'lazy' | 'unknown';

export function detectRegistryShape(registry: Registry): RegistryShape {
  const core = registry.getIfExists('reduce') ?? registry.list().find((item) => item.id !== ANOMALY_TRANSFORMATION_ID);
  const transformation: unknown = core?.transformation;
  if (typeof transformation === 'function') {
    return 'lazy';
  }
  return transformation && typeof transformation === 'object' ? 'object' : 'unknown';
}

/** The `transformation` value for a registry shape. */
export function transformationFor(shape: RegistryShape, info: DataTransformerInfo): unknown {
  const resolve = () => Promise.resolve(info);
  switch (shape) {
    case 'lazy':
      return resolve;
    case 'object':
      return info;
    case 'unknown':
      // Both at once: a resolver function that also carries the info's fields, read by either Grafana.
      return Object.defineProperties(resolve, {
        id: { value: info.id },
        name: { value: info.name },
        description: { value: info.description },
        operator: { value: info.operator },
        defaultOptions: { value: info.defaultOptions },
      });
  }
}

const HELP = `Runs an anomaly detector on every numeric series of the panel, in the browser, and adds:

- **expected**: the detector's prediction (dashed line)
- **lower / upper**: the band; the upper field fills down to the lower one
- **anomaly**: the value at anomalous points (large dots)
- **score**: 0 = expected, 1 = band edge, above 1 = outside (tooltip only)

Each series keeps its colour; its expected line, band and markers are drawn in that colour.

Transformations run only in the browser: alert rules never see them. To alert on anomalies, query through the
Vigil anomaly detection data source instead; it runs the same detectors with the same numbers on the server.`;

/**
 * Adds "Anomaly detection" to Grafana's transformation registry once. Safe to call from every module of the plugin
 * (the app and the nested data source each call it; whichever loads first registers). Returns true when this
 * call registered it.
 */
export function registerTransformation(parts: TransformationParts, registry: Registry): boolean {
  if (registry.getIfExists(ANOMALY_TRANSFORMATION_ID)) {
    return false;
  }
  const info = createTransformerInfo(parts.loadOperator);
  const item = {
    id: info.id,
    name: info.name,
    description: info.description,
    editor: parts.editor,
    transformation: transformationFor(detectRegistryShape(registry), info),
    // Read by 13.1+ without resolving the transformation; ignored by older versions.
    defaultOptions: info.defaultOptions,
    help: HELP,
    categories: new Set(['calculateNewFields']),
    tags: new Set(['anomaly', 'outlier', 'band', 'forecast', 'vigil']),
    imageDark: '',
    imageLight: '',
  } as unknown as TransformerRegistryItem;
  registry.register(item);
  if (registry === standardTransformersRegistry) {
    // Panels that ran their pipeline before this (preloaded apps are not awaited) re-run their transformations.
    reprocessPanelsUsing(ANOMALY_TRANSFORMATION_ID);
  }
  return true;
}
