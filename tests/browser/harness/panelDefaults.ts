import { DataFrame, FieldColorModeId } from '@grafana/data';

/**
 * What a new stock time series panel saves as field defaults (Grafana's timeseries panel `defaultGraphConfig` and
 * the palette-classic colour). Grafana merges these into every field where the data did not set a value
 * (setFieldConfigDefaults fills only unset values); the harness does the same merge, since the panel's option
 * registry is Grafana core code that is not published in a package.
 */
export const TIME_SERIES_PANEL_DEFAULTS = {
  color: { mode: FieldColorModeId.PaletteClassic },
  custom: {
    drawStyle: 'line',
    lineInterpolation: 'linear',
    barAlignment: 0,
    lineWidth: 1,
    fillOpacity: 0,
    gradientMode: 'none',
    spanNulls: false,
    insertNulls: false,
    showPoints: 'auto',
    pointSize: 5,
    stacking: { mode: 'none', group: 'A' },
    axisPlacement: 'auto',
    axisLabel: '',
    axisColorMode: 'text',
    axisBorderShow: false,
    scaleDistribution: { type: 'linear' },
    axisCenteredZero: false,
    hideFrom: { tooltip: false, viz: false, legend: false },
    thresholdsStyle: { mode: 'off' },
    lineStyle: { fill: 'solid' },
  },
};

export function withPanelDefaults(frames: DataFrame[]): DataFrame[] {
  return frames.map((frame) => ({
    ...frame,
    fields: frame.fields.map((field) => ({
      ...field,
      config: {
        ...field.config,
        color: field.config.color ?? TIME_SERIES_PANEL_DEFAULTS.color,
        custom: { ...TIME_SERIES_PANEL_DEFAULTS.custom, ...field.config.custom },
      },
    })),
  }));
}
