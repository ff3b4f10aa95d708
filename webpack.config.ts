/*
 * Extends the scaffold's webpack config (.config/webpack/webpack.config.ts, never edited) as
 * .config/README.md describes. The scaffold copies only the root plugin's logos, but Grafana and the plugin
 * validator read each nested plugin's logos relative to its own plugin.json (e.g. dist/panel/img/logo.svg),
 * so the nested plugins' logos and screenshots are copied here.
 */
import CopyWebpackPlugin from 'copy-webpack-plugin';
import fs from 'fs';
import { globSync } from 'glob';
import path from 'path';
import type { Configuration } from 'webpack';

import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

function nestedImagePatterns() {
  return globSync('src/*/plugin.json').flatMap((file) => {
    const dir = path.relative('src', path.dirname(file));
    const info = JSON.parse(fs.readFileSync(file, 'utf8')).info ?? {};
    const logos: string[] = [info.logos?.small, info.logos?.large].filter(Boolean);
    // Screenshots are kept once, in the app's src/img/screenshots/, and copied next to each nested plugin.json
    // that lists them (a nested plugin's "img/screenshots/x.png" comes from src/img/screenshots/x.png).
    const screenshots: string[] = (info.screenshots ?? []).map((s: { path: string }) => s.path);
    return [
      ...[...new Set(logos)].map((img) => ({ from: `${dir}/${img}`, to: `${dir}/${img}` })),
      ...[...new Set(screenshots)].map((img) => ({ from: img, to: `${dir}/${img}` })),
    ];
  });
}

const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  return {
    ...base,
    plugins: [...(base.plugins ?? []), new CopyWebpackPlugin({ patterns: nestedImagePatterns() })],
  };
};

export default config;
