export const testIds = {
  appConfig: {
    apiKey: 'data-testid ac-api-key',
    apiUrl: 'data-testid ac-api-url',
    submit: 'data-testid ac-submit-form',
  },
  overview: {
    container: 'data-testid overview-container',
    detectors: 'data-testid overview-detectors',
  },
};
