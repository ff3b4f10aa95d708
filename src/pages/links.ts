import { config } from '@grafana/runtime';

/**
 * Where the app's pages send users. Guides live in the project's repository (the Go module path in go.mod
 * names it); `src/pages/links.test.ts` checks that every file and README heading they point at exists.
 */
export const REPOSITORY_URL = 'https://github.com/vigil-anomaly/vigil';

export const GUIDES = {
  /** README: add the data source, authentication, outputs. */
  dataSource: `${REPOSITORY_URL}#add-the-data-source`,
  /** Every detector with its parameters, defaults and ranges (generated from the registry). */
  detectors: `${REPOSITORY_URL}/blob/main/docs/detectors.md`,
  /** README: an alert rule on a Vigil score query. */
  alerting: `${REPOSITORY_URL}#write-an-anomaly-alert`,
  /** README: the transformation on any panel. */
  transformation: `${REPOSITORY_URL}#anomaly-detection-transformation`,
};

/** A Grafana route (e.g. "/connections/datasources/new") under the server's sub-path, if it has one. */
export function grafanaPath(path: string): string {
  return `${config.appSubUrl ?? ''}${path}`;
}

/** Grafana's "Add data source" page, where "Vigil anomaly detection" is listed. */
export const ADD_DATA_SOURCE_PATH = '/connections/datasources/new';
