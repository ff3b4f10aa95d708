import React from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { AppRootProps, PluginType } from '@grafana/data';
import { render, screen, waitFor } from '@testing-library/react';
import pluginJson from '../../plugin.json';
import { PLUGIN_BASE_URL, ROUTES } from '../../routes';
import App from './App';

const props = {
  basename: PLUGIN_BASE_URL,
  meta: { id: pluginJson.id, name: pluginJson.name, type: PluginType.app, enabled: true, jsonData: {} },
  query: {},
  path: '',
  onNavChanged: jest.fn(),
} as unknown as AppRootProps;

function Where() {
  return <output data-testid="location">{useLocation().pathname}</output>;
}

/** Mounts the app the way Grafana routes it: every path under /a/<app id>/ goes to the app's root component. */
function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Routes>
        <Route path={`${PLUGIN_BASE_URL}/*`} element={<App {...props} />} />
      </Routes>
      <Where />
    </MemoryRouter>
  );
}

/** The URL of the app's nav entry: Grafana uses the include page marked defaultNav (navtree applinks.go). */
function defaultNavUrl(): string {
  const page = pluginJson.includes.find((i) => i.type === 'page' && 'defaultNav' in i && i.defaultNav);
  return (page?.path ?? '').replace('%PLUGIN_ID%', pluginJson.id);
}

describe('Components/App', () => {
  test('the overview page shows what Vigil does and the detectors from the registry', async () => {
    renderAt(`${PLUGIN_BASE_URL}/${ROUTES.Overview}`);
    // The overview page is loaded lazily with the detector registry: seconds on a busy machine.
    await waitFor(() => expect(screen.queryByText(/Vigil finds anomalies/i)).toBeInTheDocument(), { timeout: 30000 });
    expect(screen.queryByText('isolation_forest')).toBeInTheDocument();
  }, 40000);

  // Grafana titles the page with the nav entry whose URL prefixes the current URL; on any other URL the heading
  // and breadcrumb fall back to "More apps". So every URL of the app must end up under the defaultNav page.
  test.each(['', '/', '/unknown/page'])('%s under the app redirects to the defaultNav page', async (sub) => {
    renderAt(`${PLUGIN_BASE_URL}${sub}`);
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(defaultNavUrl()));
    expect(defaultNavUrl()).toBe(`/a/${pluginJson.id}/${ROUTES.Overview}`);
  });
});
