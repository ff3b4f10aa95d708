import type { FieldConfig } from '@grafana/data';
import description from '../../pkg/outputs/outputs.json';

/**
 * The one description of Vigil's outputs, shared with the Go backend: pkg/outputs/outputs.json, embedded by
 * pkg/outputs and imported here. It names the query outputs, the fields added next to each analysed series (names,
 * display names, colours, fill, line and marker styles) and the palette their colours derive from.
 * docs/output-frames.md explains it; testdata/frames holds the frames both paths must produce from it.
 */

/** What a Vigil query answers with (the query's `output`), in the order editors list them. */
export const QUERY_OUTPUTS = ['band', 'score', 'anomaly', 'events', 'forecast', 'threshold', 'crossings'] as const;
export type QueryOutput = (typeof QUERY_OUTPUTS)[number];

/** The outputs that forecast: they need a horizon and a detector that can forecast. */
export const FORECAST_OUTPUTS: readonly QueryOutput[] = ['forecast', 'threshold', 'crossings'];

/** The fields added next to an analysed series, in output order. */
export const FIELD_KINDS = ['expected', 'lower', 'upper', 'anomaly', 'score'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export interface QueryOutputInfo {
  id: QueryOutput;
  label: string;
  description: string;
}

/** One added field (see FieldSpec in pkg/outputs/outputs.go for the same, field by field). */
export interface OutputFieldSpec {
  kind: FieldKind;
  /** The field's name; its display name is the series' display name followed by `displaySuffix`. */
  name: string;
  displaySuffix: string;
  /** 'series' (the analysed series' classic-palette colour), a colour name or hex value, or absent. */
  color?: string;
  /** The field takes the analysed series' unit and decimals, so both share one axis. */
  inheritUnit: boolean;
  /** The kind whose field this one's fill reaches down to (the band). */
  fillBelowTo?: FieldKind;
  /** Field config without display name, colour and fillBelowTo, which depend on the series. */
  config: FieldConfig;
}

/**
 * One frame of added fields per series. Every series' frame of the first spec comes before every series' frame of the
 * second, and so on: Grafana draws a panel's fields in order, so the anomaly markers, in the last frames, are drawn
 * over every series' band.
 */
export interface OutputFrameSpec {
  fields: FieldKind[];
}

export interface OutputDescription {
  queryOutputs: QueryOutputInfo[];
  fields: OutputFieldSpec[];
  frames: OutputFrameSpec[];
  /** Grafana's classic palette (theme.visualization.palette; a test checks it against @grafana/data). */
  palette: string[];
}

export const OUTPUTS: OutputDescription = description as unknown as OutputDescription;

const byKind = new Map(OUTPUTS.fields.map((f) => [f.kind, f]));

/** The spec of an added field kind. */
export function outputField(kind: FieldKind): OutputFieldSpec {
  return byKind.get(kind)!; // FIELD_KINDS and the JSON are checked equal (outputs.test.ts)
}

/** The classic-palette colour of the series at this position among a panel's series (0-based). */
export function seriesColor(index: number): string {
  const p = OUTPUTS.palette;
  return p[((index % p.length) + p.length) % p.length];
}
