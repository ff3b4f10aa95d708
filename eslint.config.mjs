import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

export default defineConfig([
  {
    ignores: [
      '**/logs',
      '**/*.log',
      '**/npm-debug.log*',
      '**/yarn-debug.log*',
      '**/yarn-error.log*',
      '**/.pnpm-debug.log*',
      '**/node_modules/',
      '.yarn/cache',
      '.yarn/unplugged',
      '.yarn/build-state.yml',
      '.yarn/install-state.gz',
      '**/.pnp.*',
      '**/pids',
      '**/*.pid',
      '**/*.seed',
      '**/*.pid.lock',
      '**/lib-cov',
      '**/coverage',
      '**/dist/',
      '**/artifacts/',
      '**/work/',
      '**/ci/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.idea',
      '**/.eslintcache',
      '.venv*/',
    ],
  },
  ...baseConfig,
  {
    // The detector library stays pure (docs/twins.md): no Grafana, React, rxjs, HTTP or other plugin code, so the
    // same module runs in the browser, in Node benchmarks and beside its Go twin. Tests may read files.
    files: ['src/detectors/**/*.{ts,tsx}'],
    ignores: ['src/detectors/**/*.test.ts', 'src/detectors/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@grafana/*', 'react', 'react-dom', 'react/*', 'react-dom/*', '@emotion/*', 'rxjs', 'rxjs/*'],
              message: 'The detector library stays pure: no Grafana, React or rxjs imports (docs/twins.md).',
            },
            {
              group: ['http', 'https', 'http2', 'net', 'node:*', 'fs', 'child_process', 'axios', 'undici'],
              message: 'The detector library stays pure: no network, file or process access (docs/twins.md).',
            },
            {
              group: ['../*'],
              message: 'The detector library imports only its own modules (docs/twins.md).',
            },
          ],
        },
      ],
    },
  },
]);
