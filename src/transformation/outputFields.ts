import { Field, FieldColorModeId, FieldConfig, FieldType } from '@grafana/data';
import { DetectionResult } from '../detectors';
import { FieldKind, OutputFieldSpec, outputField, seriesColor } from '../outputs/outputs';
import { anomalyMarkers, float64ToValues } from './frameValues';
import { AnomalyOutputs } from './options';

/**
 * The fields added next to an analysed field, built from the shared output description (src/outputs, the same one
 * the Go backend's band frames use; docs/output-frames.md): a stock time series panel draws them without any
 * override (filled band, dashed expected line, anomaly points, score kept out of the graph but in the tooltip).
 * Values a user sets in the panel (overrides) still win over these.
 */

/** Which transformation option turns each added field on. */
const OPTION_OF: Record<FieldKind, keyof AnomalyOutputs> = {
  expected: 'expected',
  lower: 'band',
  upper: 'band',
  anomaly: 'anomaly',
  score: 'score',
};

/** The display name of an added field: the analysed field's (unique) display name and the kind's suffix. */
export function outputDisplayName(base: string, kind: FieldKind): string {
  return base + outputField(kind).displaySuffix;
}

/** The source's unit and decimals carry over so band and value share one axis. */
function inherited(source: Field): FieldConfig {
  const { unit, decimals } = source.config ?? {};
  return { ...(unit !== undefined && { unit }), ...(decimals !== undefined && { decimals }) };
}

function configOf(spec: OutputFieldSpec, source: Field, base: string, paletteIndex: number): FieldConfig {
  // A deep copy: the description is shared by every field of every run.
  const config: FieldConfig = JSON.parse(JSON.stringify(spec.config));
  const color = spec.color === 'series' ? seriesColor(paletteIndex) : spec.color;
  return {
    ...(spec.inheritUnit && inherited(source)),
    ...config,
    displayNameFromDS: outputDisplayName(base, spec.kind),
    ...(color && { color: { mode: FieldColorModeId.Fixed, fixedColor: color } }),
    ...(spec.fillBelowTo && {
      custom: { ...config.custom, fillBelowTo: outputDisplayName(base, spec.fillBelowTo) },
    }),
  };
}

/**
 * The added fields of one analysed field that go into one frame of the description (`kinds`, in order), those the
 * options turn off left out. `baseName` is the field's display name made unique across the output (so the band's
 * fillBelowTo cannot reach another series' lower field); `paletteIndex` is the field's position among the panel's
 * series, which gives its classic-palette colour.
 */
export function buildOutputFields(
  source: Field,
  sourceValues: ArrayLike<number>,
  baseName: string,
  result: DetectionResult,
  outputs: AnomalyOutputs,
  paletteIndex: number,
  kinds: readonly FieldKind[]
): Field[] {
  const values: Record<FieldKind, () => unknown[]> = {
    expected: () => float64ToValues(result.expected),
    lower: () => float64ToValues(result.lower),
    upper: () => float64ToValues(result.upper),
    anomaly: () => anomalyMarkers(sourceValues, result.anomaly),
    score: () => float64ToValues(result.score),
  };
  return kinds
    .filter((kind) => outputs[OPTION_OF[kind]])
    .map(outputField)
    .map((spec) => ({
      name: spec.name,
      type: FieldType.number,
      labels: source.labels ? { ...source.labels } : undefined,
      config: configOf(spec, source, baseName, paletteIndex),
      values: values[spec.kind](),
    }));
}
