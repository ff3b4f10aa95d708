export const testIds = {
  appConfig: {
    container: 'data-testid app-config',
  },
  getStarted: {
    container: 'data-testid get-started',
    addDataSource: 'data-testid get-started-add-data-source',
  },
  overview: {
    container: 'data-testid overview-container',
    detectors: 'data-testid overview-detectors',
  },
};
