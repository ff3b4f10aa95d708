import * as path from 'path';
import webpack from 'webpack';

/**
 * Bundles the harness pages with the project's own toolchain (webpack + swc-loader, as .config/webpack does), with
 * React, @grafana/data and @grafana/ui bundled in (no Grafana server here to provide them as externals): harness.js
 * (the transformation in a time series panel) and editors.js (both editors under Grafana-like hosts) by default;
 * `entries` maps other output names to harness files (the explanations page bundles its own harness.js).
 */
export function bundleHarness(
  outDir: string,
  entries: Record<string, string> = { harness: 'harness/transformation.tsx', editors: 'harness/editors.tsx' }
): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const compiler = webpack({
    mode: 'production',
    devtool: false,
    context: root,
    entry: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.join(__dirname, file)])),
    output: { path: outDir, filename: '[name].js' },
    performance: { hints: false },
    optimization: { minimize: false, splitChunks: false },
    resolve: { extensions: ['.ts', '.tsx', '.js', '.jsx', '.mjs'] },
    module: {
      rules: [
        {
          test: /\.[tj]sx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'swc-loader',
            options: {
              jsc: {
                target: 'es2020',
                parser: { syntax: 'typescript', tsx: true, decorators: false },
                transform: { react: { runtime: 'automatic' } },
              },
            },
          },
        },
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
        { test: /\.(png|jpe?g|gif|svg|woff2?|ttf|eot)$/, type: 'asset/resource' },
      ],
    },
    plugins: [
      new webpack.DefinePlugin({ 'process.env.NODE_ENV': JSON.stringify('production') }),
      // Lazy chunks are inlined: one file per entry is all a page loads.
      new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 2 }),
    ],
  });
  return new Promise((resolve, reject) =>
    compiler.run((err, stats) => {
      compiler.close(() => undefined);
      if (err || stats?.hasErrors()) {
        reject(err ?? new Error(stats!.toString({ all: false, errors: true, errorDetails: true })));
        return;
      }
      resolve();
    })
  );
}
