import React from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { PLUGIN_BASE_URL, ROUTES } from '../../routes';

const Overview = React.lazy(() => import('../../pages/Overview'));

/**
 * The app's routes. Every other path (including the bare /a/<app id>) redirects to the Overview page: Grafana
 * titles an app page and builds its breadcrumb from the nav entry whose URL prefixes the current one, and the
 * app's nav entry is the defaultNav page of plugin.json (/a/<app id>/overview). On any other URL Grafana would
 * fall back to the "More apps" section's title.
 */
function App(_props: AppRootProps) {
  return (
    <Routes>
      <Route path={ROUTES.Overview} element={<Overview />} />
      <Route path="*" element={<Navigate to={`${PLUGIN_BASE_URL}/${ROUTES.Overview}`} replace />} />
    </Routes>
  );
}

export default App;
