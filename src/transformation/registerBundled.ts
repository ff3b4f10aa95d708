import { standardTransformersRegistry } from '@grafana/data';
import AnomalyTransformEditor from './AnomalyTransformEditor';
import * as operator from './detectAnomalies';
import { Registry, registerTransformation } from './registerTransformation';

/**
 * Registration for the nested data source module, with the operator and the editor bundled in, not code-split:
 * a nested plugin's module runs with its own folder (dist/datasource/) as webpack's public path, while lazy chunks
 * are written to dist/, so a dynamic import from this bundle would not find its chunk. This module is not
 * preloaded, so its size matters less.
 */
export function registerAnomalyTransformation(registry: Registry = standardTransformersRegistry): boolean {
  return registerTransformation(
    { loadOperator: () => Promise.resolve(operator), editor: AnomalyTransformEditor },
    registry
  );
}
