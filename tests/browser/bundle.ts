import * as path from 'path';
import webpack from 'webpack';

/**
 * Bundles a harness page (default: the transformation harness) into outDir/harness.js with the project's own
 * toolchain (webpack + swc-loader, as .config/webpack does), with React, @grafana/data and @grafana/ui bundled in
 * (no Grafana server here to provide them as externals).
 */
export function bundleHarness(outDir: string, entry = 'harness/transformation.tsx'): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const compiler = webpack({
    mode: 'production',
    devtool: false,
    context: root,
    entry: path.join(__dirname, entry),
    output: { path: outDir, filename: 'harness.js' },
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
      // Lazy chunks are inlined: one file is all the page loads.
      new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
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
