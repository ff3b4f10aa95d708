/**
 * Browser harness: the app's pages as Grafana shows them, dark theme with Grafana's global styles, inside a
 * container styled like Grafana's page body (a padded flex column; Page.tsx "page-inner" in grafana/grafana).
 * `?page=overview` (default) mounts the app's root component at /a/<app id> (it redirects to the Overview page);
 * `?page=config` renders the Configuration tab. window.__appPage.ready is set once the page content is in.
 */
import React, { Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { css } from '@emotion/css';
import { AppPluginMeta, AppRootProps, createTheme, PluginType, ThemeContext } from '@grafana/data';
import { GlobalStyles } from '@grafana/ui';
import App from '../../../src/components/App/App';
import AppConfig from '../../../src/components/AppConfig/AppConfig';
import { PLUGIN_BASE_URL } from '../../../src/routes';
import pluginJson from '../../../src/plugin.json';

declare global {
  interface Window {
    __appPage?: { ready?: boolean; error?: string };
  }
}

const theme = createTheme({ colors: { mode: 'dark' } });
const meta = { id: pluginJson.id, name: pluginJson.name, type: PluginType.app, enabled: true, jsonData: {} };

const pageInner = css({
  display: 'flex',
  flexDirection: 'column',
  flexGrow: 1,
  margin: theme.spacing(2, 2, 0, 1),
  padding: theme.spacing(3),
  border: `1px solid ${theme.colors.border.weak}`,
  background: theme.colors.background.primary,
});

function Page({ which }: { which: string }) {
  if (which === 'config') {
    return <AppConfig plugin={{ meta } as never} query={{}} />;
  }
  const props = { meta: meta as AppPluginMeta, basename: PLUGIN_BASE_URL, path: '', query: {} } as AppRootProps;
  return (
    <MemoryRouter initialEntries={[PLUGIN_BASE_URL]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Routes>
        <Route path={`${PLUGIN_BASE_URL}/*`} element={<App {...props} />} />
      </Routes>
    </MemoryRouter>
  );
}

function main() {
  const which = new URLSearchParams(location.search).get('page') ?? 'overview';
  document.body.style.background = theme.colors.background.canvas;
  const root = document.getElementById('root')!;
  createRoot(root).render(
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <div className={pageInner} id="page">
        <Suspense fallback={null}>
          <Page which={which} />
        </Suspense>
      </div>
    </ThemeContext.Provider>
  );
  const started = Date.now();
  const poll = () => {
    if (document.querySelector('[data-testid="data-testid get-started"]')) {
      window.__appPage = { ready: true };
    } else if (Date.now() - started > 20_000) {
      window.__appPage = { error: 'the page did not render its "Get started" section' };
    } else {
      setTimeout(poll, 50);
    }
  };
  poll();
}

try {
  main();
} catch (e) {
  window.__appPage = { error: String((e as Error)?.stack ?? e) };
}
