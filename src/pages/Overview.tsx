import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Stack, Text, useStyles2 } from '@grafana/ui';
import { registryMetadata } from '../detectors/registry';
import { testIds } from '../components/testIds';
import { GetStarted } from './GetStarted';

/** The app's page: what Vigil adds to Grafana, where to start, and the detectors (read from the registry). */
function Overview() {
  const s = useStyles2(getStyles);
  return (
    <PluginPage>
      {/* One column of sections with a fixed gap: headings never touch the buttons above them. */}
      <Stack direction="column" gap={4} data-testid={testIds.overview.container}>
        <Text element="p">
          Vigil finds anomalies in Prometheus metrics: an expected value, a band, a score (0 = expected, 1 = band edge,
          above 1 = outside) and an anomaly flag for every point.
        </Text>
        <GetStarted />
        <Stack direction="column" gap={2}>
          <Text element="h3">Detectors</Text>
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
        </Stack>
      </Stack>
    </PluginPage>
  );
}

export default Overview;

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    maxWidth: 900,
    td: {
      padding: theme.spacing(0.5, 2, 0.5, 0),
      verticalAlign: 'top',
    },
  }),
});
