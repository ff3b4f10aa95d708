import { useEffect, useRef } from 'react';

/**
 * Whether two editor values (options or a query: JSON data) are equal in content: same keys with equal values,
 * whatever their order or object identity; an undefined property equals an absent one.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = definedKeys(a);
    const kb = definedKeys(b);
    return ka.length === kb.length && ka.every((k) => sameValue((a as any)[k], (b as any)[k]));
  }
  return false;
}

function definedKeys(o: object): string[] {
  return Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined);
}

/**
 * An editor's onChange that passes on real changes only. Grafana feeds every onChange back as new props and re-runs
 * the panel or the query for each, so an editor must not call it for nothing. Two kinds of nothing are dropped:
 * a value equal to the current one, and the same change reported again before the props show it. The second comes
 * from @grafana/ui's Combobox (downshift), which in a browser reports a mouse pick again on the renders that follow
 * it; each report used to reset the detector's parameters and re-run the panel (tests/browser/editors.ts). The
 * returned function says whether it called onChange.
 */
export function useEditorChange<T>(current: T, onChange: (next: T) => void): (next: T) => boolean {
  const last = useRef<{ from: T; sent: T } | undefined>(undefined);
  useEffect(() => {
    // The props moved (the change came back, or something else changed them): what was sent is history.
    if (last.current && !sameValue(current, last.current.from)) {
      last.current = undefined;
    }
  });
  return (next: T) => {
    if (sameValue(next, current)) {
      return false;
    }
    const sent = last.current;
    if (sent && sameValue(sent.sent, next) && sameValue(sent.from, current)) {
      return false;
    }
    last.current = { from: current, sent: next };
    onChange(next);
    return true;
  };
}
