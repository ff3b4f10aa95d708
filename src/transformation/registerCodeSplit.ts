import { standardTransformersRegistry } from '@grafana/data';
import { LazyAnomalyTransformEditor } from './LazyAnomalyTransformEditor';
import { Registry, registerTransformation } from './registerTransformation';

/**
 * Registration for the preloaded app module: the operator with the detectors and the editor are separate chunks,
 * loaded when a panel first runs the transformation or a user opens its editor.
 */
export function registerAnomalyTransformation(registry: Registry = standardTransformersRegistry): boolean {
  return registerTransformation(
    { loadOperator: () => import('./detectAnomalies'), editor: LazyAnomalyTransformEditor },
    registry
  );
}
