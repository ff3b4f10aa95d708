import { DataSourcePlugin } from '@grafana/data';
import { registerAnomalyTransformation } from '../transformation/registerBundled';
import { DataSource } from './datasource';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { VigilDataSourceOptions, VigilQuery } from './types';

// Also registered here: this module can load before the preloaded app module (the transformation needs either).
registerAnomalyTransformation();

export const plugin = new DataSourcePlugin<DataSource, VigilQuery, VigilDataSourceOptions>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
