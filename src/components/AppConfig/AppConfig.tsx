import React from 'react';
import { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';
import { LinkButton, Stack, Text } from '@grafana/ui';
import { PLUGIN_BASE_URL, ROUTES } from '../../routes';
import { GetStarted } from '../../pages/GetStarted';
import { grafanaPath } from '../../pages/links';
import { testIds } from '../testIds';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<{}>> {}

/**
 * The app's Configuration tab. The app has no settings of its own (the Prometheus URL, authentication and limits
 * belong to each Vigil data source), so the tab says so and shows where to start.
 */
const AppConfig = (_props: AppConfigProps) => (
  <Stack direction="column" gap={4} data-testid={testIds.appConfig.container}>
    <Stack direction="column" gap={2} alignItems="flex-start">
      <Text element="p">
        Vigil needs no app settings: the Prometheus URL, authentication and limits are set on each “Vigil anomaly
        detection” data source. The app registers the “Anomaly detection” transformation and lists the detectors on its
        overview page.
      </Text>
      <LinkButton href={grafanaPath(`${PLUGIN_BASE_URL}/${ROUTES.Overview}`)} variant="secondary" icon="apps">
        Open the overview page
      </LinkButton>
    </Stack>
    <GetStarted />
  </Stack>
);

export default AppConfig;
