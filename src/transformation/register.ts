import { standardTransformersRegistry } from '@grafana/data';
import { AnomalyEditor } from './LazyEditor';
import { Registry, registerTransformation } from './registration';

/**
 * Registration for the preloaded app module: the operator with the detectors and the editor are separate chunks,
 * loaded when a panel first runs the transformation or a user opens its editor.
 */
export function registerAnomalyTransformation(registry: Registry = standardTransformersRegistry): boolean {
  return registerTransformation({ loadOperator: () => import('./operator'), editor: AnomalyEditor }, registry);
}
