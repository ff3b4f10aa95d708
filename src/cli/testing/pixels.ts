import * as fs from 'fs';
import { PNG } from 'pngjs';
import { BAND_FILL_OPACITY, MARKER_COLOR, SERIES_COLOR } from '../../explain/chart';

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * Counts, in a chart PNG (white background), the pixels of the band (its colour at the band opacity over white)
 * and of the anomaly markers (the marker colour, opaque), each within a tolerance per channel.
 */
export function chartPixels(file: string): { band: number; markers: number; width: number; height: number } {
  const png = PNG.sync.read(fs.readFileSync(file));
  const a = BAND_FILL_OPACITY / 100;
  const band = rgb(SERIES_COLOR).map((c) => Math.round(255 + a * (c - 255)));
  const marker = rgb(MARKER_COLOR);
  const near = (i: number, c: number[], tol: number) =>
    Math.abs(png.data[i] - c[0]) <= tol &&
    Math.abs(png.data[i + 1] - c[1]) <= tol &&
    Math.abs(png.data[i + 2] - c[2]) <= tol;
  let bandCount = 0;
  let markerCount = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (near(i, band, 6)) {
      bandCount++;
    } else if (near(i, marker, 12)) {
      markerCount++;
    }
  }
  return { band: bandCount, markers: markerCount, width: png.width, height: png.height };
}
