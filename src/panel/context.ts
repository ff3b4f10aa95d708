import React from 'react';
import { NotesService } from './notes';
import { ExplainServices } from './providers/explainer';

/**
 * Services the panel uses to explain events and keep notes. Inside Grafana the panel builds them from
 * @grafana/runtime (grafanaServices.ts); the browser harness and tests provide their own here.
 */
export interface PanelServices {
  explain?: ExplainServices;
  notes?: NotesService;
}

export const PanelServicesContext = React.createContext<PanelServices>({});
