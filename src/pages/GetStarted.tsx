import React from 'react';
import { LinkButton, Stack, Text, TextLink } from '@grafana/ui';
import { testIds } from '../components/testIds';
import { ADD_DATA_SOURCE_PATH, GUIDES, grafanaPath } from './links';

/**
 * What Vigil adds to Grafana and where to start: shown on the app's Overview page and on its Configuration page
 * (the app itself has no settings; everything is set per data source).
 */
export function GetStarted() {
  return (
    <Stack direction="column" gap={2} data-testid={testIds.getStarted.container}>
      <Text element="h3">Get started</Text>
      <Stack direction="column" gap={1}>
        <Text element="p">
          <strong>1. Add the data source.</strong> Add “Vigil anomaly detection”, set its Prometheus URL as the Grafana
          server reaches it, and press Save &amp; test. Use it in panels (output Band), alert rules and recording rules
          (output Score), and annotations (output Events).
        </Text>
        <Text element="p">
          <strong>2. Or transform an existing panel.</strong> On any time series panel: Transformations → Add
          transformation → Anomaly detection. It runs in the browser on the data the panel already has.
        </Text>
        <Text element="p">
          <strong>3. List anomalies.</strong> The “Anomaly explanations” panel lists the events of a Vigil query with
          output Events.
        </Text>
      </Stack>
      <Stack direction="row" gap={1} wrap="wrap" alignItems="center">
        <LinkButton href={grafanaPath(ADD_DATA_SOURCE_PATH)} data-testid={testIds.getStarted.addDataSource}>
          Add the data source
        </LinkButton>
        <LinkButton href={GUIDES.dataSource} target="_blank" variant="secondary" fill="outline">
          Data source setup
        </LinkButton>
        <LinkButton href={GUIDES.detectors} target="_blank" variant="secondary" fill="outline">
          Detector guide
        </LinkButton>
      </Stack>
      <Text element="p" color="secondary">
        Alerting on anomalies:{' '}
        <TextLink href={GUIDES.alerting} external>
          write an anomaly alert
        </TextLink>
        .
      </Text>
    </Stack>
  );
}
