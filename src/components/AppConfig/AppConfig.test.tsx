import React from 'react';
import { render, screen } from '@testing-library/react';
import { PluginType } from '@grafana/data';
import AppConfig, { AppConfigProps } from './AppConfig';
import { testIds } from 'components/testIds';

const props = {
  plugin: { meta: { id: 'vigil-anomaly-app', name: 'Vigil', type: PluginType.app, enabled: true, jsonData: {} } },
  query: {},
} as unknown as AppConfigProps;

describe('Components/AppConfig', () => {
  test('says the app has no settings and shows where to start, with no form fields', () => {
    render(<AppConfig {...props} />);
    expect(screen.getByTestId(testIds.appConfig.container)).toHaveTextContent(/needs no app settings/i);
    expect(screen.getByTestId(testIds.getStarted.addDataSource)).toHaveAttribute(
      'href',
      '/connections/datasources/new'
    );
    expect(screen.getByRole('link', { name: /detector guide/i })).toHaveAttribute(
      'href',
      expect.stringMatching(/docs\/detectors\.md$/)
    );
    // The scaffold's sample "API Settings" form is gone: nothing to fill in, nothing to save.
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /save/i })).not.toBeInTheDocument();
  });
});
