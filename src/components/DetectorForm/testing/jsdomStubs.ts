/**
 * What @grafana/ui's comboboxes need from a browser that jsdom lacks: a canvas that measures text (they size their
 * menus with it) and IntersectionObserver (scroll shadows). Call in a test file's beforeAll; returns the undo.
 */
export function installJsdomStubs(): () => void {
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = (() => ({ measureText: (t: string) => ({ width: t.length * 7 }) })) as any;
  const hadObserver = 'IntersectionObserver' in window;
  if (!hadObserver) {
    (window as any).IntersectionObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  }
  return () => {
    HTMLCanvasElement.prototype.getContext = getContext;
    if (!hadObserver) {
      delete (window as any).IntersectionObserver;
    }
  };
}
