import { Field, FieldColorModeId, FieldConfig, FieldType } from '@grafana/data';
import { DetectionResult } from '../detectors';
import { BAND_COLOR, BAND_FILL_OPACITY, EXPECTED_COLOR, MARKER_COLOR, MARKER_SIZE } from './colors';
import { anomalyMarkers, float64ToValues } from './frameValues';
import { AnomalyOutputs } from './options';

/**
 * Field config that makes a stock time series panel draw the outputs without any override: a filled band between
 * lower and upper, a dashed expected line, red points for anomalies, and the score kept out of the graph (still
 * in the tooltip). Values a user sets in the panel (overrides) still win over these.
 */

/** Display names of a source field's outputs; unique per panel so fillBelowTo finds the right lower field. */
export function outputNames(base: string) {
  return {
    expected: `${base} expected`,
    lower: `${base} lower`,
    upper: `${base} upper`,
    score: `${base} score`,
    anomaly: `${base} anomaly`,
  };
}

function fixedColor(color: string): FieldConfig['color'] {
  return { mode: FieldColorModeId.Fixed, fixedColor: color };
}

/** The source's unit and decimals carry over so band and value share one axis. */
function inherited(source: Field): FieldConfig {
  const { unit, decimals } = source.config ?? {};
  return { ...(unit !== undefined && { unit }), ...(decimals !== undefined && { decimals }) };
}

function outputField(name: string, displayName: string, source: Field, values: unknown[], config: FieldConfig): Field {
  return {
    name,
    type: FieldType.number,
    labels: source.labels ? { ...source.labels } : undefined,
    config: { displayNameFromDS: displayName, ...config },
    values,
  };
}

/** The fields appended for one analysed source field, in the order expected, lower, upper, anomaly, score. */
export function buildOutputFields(
  source: Field,
  sourceValues: ArrayLike<number>,
  baseName: string,
  result: DetectionResult,
  outputs: AnomalyOutputs
): Field[] {
  const names = outputNames(baseName);
  const fields: Field[] = [];
  if (outputs.expected) {
    fields.push(
      outputField('expected', names.expected, source, float64ToValues(result.expected), {
        ...inherited(source),
        color: fixedColor(EXPECTED_COLOR),
        custom: { lineWidth: 1, lineStyle: { fill: 'dash', dash: [10, 10] }, fillOpacity: 0, showPoints: 'never' },
      })
    );
  }
  if (outputs.band) {
    const band = { lineWidth: 0, showPoints: 'never', hideFrom: { legend: true, tooltip: false, viz: false } };
    fields.push(
      outputField('lower', names.lower, source, float64ToValues(result.lower), {
        ...inherited(source),
        color: fixedColor(BAND_COLOR),
        custom: { ...band, fillOpacity: 0 },
      }),
      outputField('upper', names.upper, source, float64ToValues(result.upper), {
        ...inherited(source),
        color: fixedColor(BAND_COLOR),
        custom: { ...band, fillOpacity: BAND_FILL_OPACITY, fillBelowTo: names.lower },
      })
    );
  }
  if (outputs.anomaly) {
    fields.push(
      outputField('anomaly', names.anomaly, source, anomalyMarkers(sourceValues, result.anomaly), {
        ...inherited(source),
        color: fixedColor(MARKER_COLOR),
        custom: { drawStyle: 'points', showPoints: 'always', pointSize: MARKER_SIZE, lineWidth: 0, fillOpacity: 0 },
      })
    );
  }
  if (outputs.score) {
    fields.push(
      outputField('score', names.score, source, float64ToValues(result.score), {
        unit: 'none',
        decimals: 2,
        min: 0,
        custom: { hideFrom: { legend: true, tooltip: false, viz: true }, axisPlacement: 'hidden' },
      })
    );
  }
  return fields;
}
