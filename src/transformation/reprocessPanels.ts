/**
 * The preload race: Grafana loads preloaded apps in parallel with the first dashboard, so a panel can run its
 * transformations before this plugin registered "Anomaly detection" (Grafana 13.1+ then shows the raw data;
 * 12.x–13.0 show a "not found" error). After a late registration we re-run the transformations of the panels that
 * use it, on the data they already have (no new queries).
 *
 * How: dashboards are Scenes; Grafana exposes the open dashboard scene as `window.__grafanaSceneContext`. Every
 * panel's transformations live in a SceneDataTransformer (state.transformations) whose public
 * `reprocessTransformations()` re-runs them. We walk the scene with the public `forEachChild` and call it on the
 * transformers whose list contains our id. Duck-typed on purpose: @grafana/scenes is not a dependency of this
 * plugin, and if the scene shape ever changes this finds nothing and does nothing (the user's refresh still works).
 */

interface SceneLike {
  state?: { transformations?: unknown[] };
  forEachChild?: (callback: (child: SceneLike) => void) => void;
  reprocessTransformations?: () => void;
}

function usesTransformation(obj: SceneLike, id: string): boolean {
  const list = obj.state?.transformations;
  return (
    Array.isArray(list) && list.some((t) => typeof t === 'object' && t !== null && (t as { id?: unknown }).id === id)
  );
}

/** Re-runs the transformations of every scene object below `root` that uses `id`; returns how many it re-ran. */
export function reprocessSceneTransformers(root: SceneLike | undefined, id: string): number {
  let count = 0;
  const seen = new Set<SceneLike>();
  const visit = (obj: SceneLike) => {
    if (!obj || typeof obj !== 'object' || seen.has(obj)) {
      return;
    }
    seen.add(obj);
    if (typeof obj.reprocessTransformations === 'function' && usesTransformation(obj, id)) {
      obj.reprocessTransformations();
      count++;
    }
    obj.forEachChild?.(visit);
  };
  if (root) {
    visit(root);
  }
  return count;
}

/** Called right after registration; a no-op when no dashboard is open (the usual case for a fast preload). */
export function reprocessPanelsUsing(id: string): number {
  try {
    const root =
      typeof window === 'undefined'
        ? undefined
        : (window as { __grafanaSceneContext?: SceneLike }).__grafanaSceneContext;
    return reprocessSceneTransformers(root, id);
  } catch (e) {
    // Never let the mitigation break plugin loading.
    console.warn('Vigil: could not re-run panel transformations after registering', e);
    return 0;
  }
}
