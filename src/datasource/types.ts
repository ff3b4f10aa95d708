import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

import type { QueryOutput } from '../outputs/outputs';

/** What the backend answers with (docs/output-frames.md); the list is shared with the backend (src/outputs). */
export type OutputMode = QueryOutput;
export type Direction = 'both' | 'up' | 'down';
export type ParamValue = number | string | boolean;

/** A Vigil query: PromQL plus a detector. Field names and defaults are the backend contract; do not rename. */
export interface VigilQuery extends DataQuery {
  expr: string;
  legendFormat?: string;
  detector: { type: string; params: Record<string, ParamValue> };
  /** Unset = the detector's own default. Top-level values override the same keys in detector.params. */
  sensitivity?: number;
  direction?: Direction;
  minConsecutive?: number;
  /** Extra history fetched before the visible range; '' = the data source's default training window. */
  trainingWindow?: string;
  /** Detection step: 'auto' or a duration such as '1m'. */
  step?: string;
  /**
   * IANA time zone of daily and weekly seasons (detectors with a `timezone` parameter). Unset: a panel's request
   * carries the dashboard's time zone (DataSource.query); alert and recording rules use the data source's default.
   */
  timezone?: string;
  output: OutputMode;
  /** Forecast outputs: how far past now (a duration); '' = the part of the panel's range after now. */
  horizon?: string;
  /** The threshold and crossings outputs: the level whose crossing by the forecast they report. */
  threshold?: { value?: number; direction?: 'above' | 'below' };
}

export const DEFAULT_QUERY: Partial<VigilQuery> = {
  expr: '',
  legendFormat: '',
  detector: { type: 'auto', params: {} },
  direction: 'both',
  minConsecutive: 1,
  trainingWindow: '',
  step: 'auto',
  output: 'band',
};

export type AuthType = 'none' | 'basic' | 'bearer' | 'headers';

/** Plain settings (jsonData). Custom headers follow Grafana's httpHeaderNameN / httpHeaderValueN convention. */
export interface VigilDataSourceOptions extends DataSourceJsonData {
  prometheusUrl?: string;
  authType?: AuthType;
  basicAuthUser?: string;
  tlsSkipVerify?: boolean;
  tlsWithCACert?: boolean;
  timeoutSeconds?: number;
  defaultTrainingWindow?: string;
  maxSeries?: number;
  maxPoints?: number;
  /** Series × points per series of one query, history included (the backend refuses larger queries). */
  maxTotalPoints?: number;
  /** Scrape interval ("15s"): the finest auto step, the scrape interval of $__rate_interval and panels' min interval. */
  timeInterval?: string;
  /** IANA time zone of daily and weekly seasons for queries that name none (alert and recording rules); UTC when unset. */
  defaultTimezone?: string;
  [httpHeaderName: `httpHeaderName${number}`]: string | undefined;
}

/** Write-only settings: stored encrypted, sent to the backend only; the browser sees just `secureJsonFields`. */
export interface VigilSecureJsonData {
  basicAuthPassword?: string;
  bearerToken?: string;
  tlsCACert?: string;
  [httpHeaderValue: `httpHeaderValue${number}`]: string | undefined;
}

export const SETTINGS_DEFAULTS = {
  timeoutSeconds: 30,
  defaultTrainingWindow: '7d',
  maxSeries: 500,
  maxPoints: 11000,
  maxTotalPoints: 2_000_000,
  timeInterval: '15s',
  defaultTimezone: 'UTC',
} as const;
