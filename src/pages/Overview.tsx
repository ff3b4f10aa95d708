import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import { registryMetadata } from '../detectors/registry';
import { testIds } from '../components/testIds';

/** The app's one page: what Vigil adds to Grafana, where to start, and the detectors (read from the registry). */
function Overview() {
  const s = useStyles2(getStyles);
  return (
    <PluginPage>
      <div data-testid={testIds.overview.container} className={s.page}>
        <Text element="p">
          Vigil finds anomalies in Prometheus metrics: an expected value, a band, a score (0 = expected, 1 = band
          edge, above 1 = outside) and an anomaly flag for every point.
        </Text>
        <Stack direction="column" gap={1}>
          <Text element="h4">Where to start</Text>
          <Text element="p">
            <strong>Data source</strong> — add “Vigil anomaly detection”, point it at Prometheus, and use it in
            panels, alert rules (alert on score above 1), recording rules and annotations.
          </Text>
          <Text element="p">
            <strong>Transformation</strong> — on any existing panel: Transformations → Add transformation → Anomaly
            detection. Runs in the browser on the data the panel already has.
          </Text>
          <Text element="p">
            <strong>Anomaly explanations panel</strong> — lists the anomaly events of a Vigil query with output
            “Events”.
          </Text>
          <div>
            <LinkButton href="/connections/datasources/new" icon="plus">
              Add the data source
            </LinkButton>
          </div>
        </Stack>
        <Text element="h4">Detectors</Text>
        <table className={s.table} data-testid={testIds.overview.detectors}>
          <tbody>
            {registryMetadata().map((d) => (
              <tr key={d.id}>
                <td>
                  <code>{d.id}</code>
                </td>
                <td>{d.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </PluginPage>
  );
}

export default Overview;

const getStyles = (theme: GrafanaTheme2) => ({
  page: css`
    max-width: 900px;
  `,
  table: css`
    td {
      padding: ${theme.spacing(0.5, 2, 0.5, 0)};
      vertical-align: top;
    }
  `,
});
