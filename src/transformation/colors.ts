/** Grafana palette colours of the outputs, fixed so every series' band and markers look the same (no imports: the browser test reads these in Node). */
export const BAND_COLOR = '#5794F2'; // "blue"
export const BAND_FILL_OPACITY = 25;
export const EXPECTED_COLOR = '#8E8E8E';
export const MARKER_COLOR = '#F2495C'; // "red"
export const MARKER_SIZE = 9;
