import { DataSourceSettings } from '@grafana/data';
import { VigilDataSourceOptions, VigilSecureJsonData } from '../types';

export type Settings = DataSourceSettings<VigilDataSourceOptions, VigilSecureJsonData>;
export type SecureKey = keyof VigilSecureJsonData & string;

/** Settings with one jsonData key changed. */
export function withJson<K extends keyof VigilDataSourceOptions>(
  options: Settings,
  key: K,
  value: VigilDataSourceOptions[K]
): Settings {
  return { ...options, jsonData: { ...options.jsonData, [key]: value } };
}

/** Settings with a new secret typed in (write-only: it goes to secureJsonData and is never read back). */
export function withSecret(options: Settings, key: SecureKey, value: string): Settings {
  return { ...options, secureJsonData: { ...options.secureJsonData, [key]: value } };
}

/** Settings with a stored secret cleared: Grafana deletes it on save when the field is '' and not configured. */
export function withSecretReset(options: Settings, key: SecureKey): Settings {
  return {
    ...options,
    secureJsonFields: { ...options.secureJsonFields, [key]: false },
    secureJsonData: { ...options.secureJsonData, [key]: '' },
  };
}

/** Numbers of the custom headers present in jsonData (httpHeaderName1, httpHeaderName2, …), ascending. */
export function headerIndexes(jsonData: VigilDataSourceOptions): number[] {
  return Object.keys(jsonData)
    .map((k) => /^httpHeaderName(\d+)$/.exec(k))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** A positive whole number from an input, or undefined (= the backend default) when empty or invalid. */
export function parsePositiveInt(text: string): number | undefined {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Prometheus-style duration such as 30m, 7d, 1h30m. */
export const DURATION_RE = /^(\d+(ms|s|m|h|d|w|y))+$/;
