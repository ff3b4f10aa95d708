/** Pixel classes the browser test counts on the uPlot canvas (unpremultiplied RGBA from getImageData). */
export interface ColourTarget {
  rgb: [number, number, number];
  /** Per-channel tolerance and accepted alpha range (0–255). */
  tolerance: number;
  alpha: [number, number];
  /**
   * Count a pixel only when every pixel within this many pixels of it (a square) matches too: a solid disk such as
   * a 9 px marker has such pixels, a 1 px line or its anti-aliased edge has none.
   */
  solid?: number;
}

export function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Runs in the page: counts pixels of each target colour inside the plot area of the first uPlot canvas. */
export function countColoursInPlot(targets: Record<string, ColourTarget>): Record<string, number> | string {
  const canvas = document.querySelector('.uplot canvas') as HTMLCanvasElement | null;
  const bbox = window.__harness?.bbox;
  if (!canvas || !bbox) {
    return 'no uPlot canvas or plot area';
  }
  const ctx = canvas.getContext('2d')!;
  const { data } = ctx.getImageData(
    Math.round(bbox.left),
    Math.round(bbox.top),
    Math.round(bbox.width),
    Math.round(bbox.height)
  );
  const w = Math.round(bbox.width);
  const h = Math.round(bbox.height);
  const matches = (t: ColourTarget, x: number, y: number) => {
    const i = 4 * (y * w + x);
    const a = data[i + 3];
    return (
      a >= t.alpha[0] &&
      a <= t.alpha[1] &&
      Math.abs(data[i] - t.rgb[0]) <= t.tolerance &&
      Math.abs(data[i + 1] - t.rgb[1]) <= t.tolerance &&
      Math.abs(data[i + 2] - t.rgb[2]) <= t.tolerance
    );
  };
  const counts: Record<string, number> = Object.fromEntries(Object.keys(targets).map((k) => [k, 0]));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (const [name, t] of Object.entries(targets)) {
        if (!matches(t, x, y)) {
          continue;
        }
        const r = t.solid ?? 0;
        let solid = true;
        for (let dy = -r; dy <= r && solid; dy++) {
          for (let dx = -r; dx <= r && solid; dx++) {
            const xx = x + dx;
            const yy = y + dy;
            solid = xx >= 0 && yy >= 0 && xx < w && yy < h && matches(t, xx, yy);
          }
        }
        if (solid) {
          counts[name]++;
        }
      }
    }
  }
  return counts;
}

/** Runs in the page: an FNV-1a hash of the plot area's pixels, to compare two renders exactly. */
export function plotPixelsHash(): string {
  const canvas = document.querySelector('.uplot canvas') as HTMLCanvasElement | null;
  const bbox = window.__harness?.bbox;
  if (!canvas || !bbox) {
    return 'no uPlot canvas or plot area';
  }
  const { data } = canvas
    .getContext('2d')!
    .getImageData(Math.round(bbox.left), Math.round(bbox.top), Math.round(bbox.width), Math.round(bbox.height));
  let h = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) {
    h = Math.imul(h ^ data[i], 0x01000193) >>> 0;
  }
  return h.toString(16);
}
