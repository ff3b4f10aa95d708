// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';
// i18next (through @grafana/ui) prints an advertisement on every suite's first init; keep test output quiet.
process.env.I18NEXT_NO_SUPPORT_NOTICE = '1';

// Jest configuration provided by Grafana scaffolding, extended as .config/README.md describes.
const base = require('./.config/jest.config');
const swc = base.transform['^.+\\.(t|j)sx?$'];

module.exports = {
  ...base,
  // @grafana/data 13 pulls d3-color's ESM build (.mjs), which the scaffold's transform does not cover.
  transform: { ...base.transform, '^.+\\.mjs$': swc },
  // Benchmark helpers (scorers, generators) have unit tests too; the benchmarks themselves are not tests.
  testMatch: [...base.testMatch, '<rootDir>/bench/**/*.test.ts'],
};
