/**
 * @grafana/data expects a browser when it loads (its store listens on `window`, react-use's CSS helper writes to
 * `document`) and transformDataFrame reads `window.__grafanaSceneContext`. Node has neither: expose jsdom's
 * window on the global object, as jest's jsdom environment does (jsdom ships with the jest setup). The timed
 * code (frames, detectors, rxjs) does not touch the DOM. Imported before any @grafana package by run.ts.
 */
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', { url: 'http://127.0.0.1/' });
const win = dom.window as unknown as Record<string, unknown>;
const g = globalThis as Record<string, unknown>;
// Events must be jsdom's own: its dispatchEvent rejects Node's Event.
const replace = new Set(['Event', 'CustomEvent', 'EventTarget']);
for (const key of Object.getOwnPropertyNames(win)) {
  if (!(key in g) || replace.has(key)) {
    g[key] = win[key];
  }
}
g.window = win;
