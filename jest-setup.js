// Jest setup provided by Grafana scaffolding. Its browser mocks need jsdom, so suites that declare
// `@jest-environment node` (the pure detector libraries and benchmarks' helpers) skip them.
if (typeof window !== 'undefined') {
  require('./.config/jest-setup');
}
