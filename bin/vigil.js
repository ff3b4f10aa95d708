#!/usr/bin/env node
// `npx vigil …` in a checkout: runs the TypeScript command line (src/cli/main.ts) through ts-node with SWC
// (both installed by npm install), so no build step is needed.
const path = require('path');
require('ts-node').register({
  project: path.join(__dirname, '..', 'tsconfig.json'),
  swc: true,
  transpileOnly: true,
  compilerOptions: { module: 'commonjs' },
});
require('../src/cli/main.ts')
  .run(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
