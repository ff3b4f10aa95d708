import React, { useEffect, useState } from 'react';
import { DataSource } from '../../datasource';
import { VigilQuery } from '../../types';
import { QueryEditor } from '../QueryEditor';

export interface QueryEditorStats {
  /** Renders of the host (the query rows). */
  renders: number;
  /** onChange and onRunQuery calls of the editor. */
  changes: number;
  runs: number;
  /** The last query the editor saved. */
  query?: VigilQuery;
}

/** A recorder for the host: counts renders, changes and runs into `stats` and stops a runaway loop. */
export function recorder(stats: QueryEditorStats) {
  return {
    render: () => {
      stats.renders++;
    },
    change: (query: VigilQuery) => {
      stats.changes++;
      stats.query = query;
      if (stats.changes > 200) {
        throw new Error('onChange keeps being called: the editor does not settle');
      }
    },
    run: () => stats.runs++,
  };
}

/**
 * The editor as Grafana hosts it (QueryEditorRows in grafana/grafana): every onChange replaces the query in the
 * panel's query list and the editor gets it back as a new query object; every onRunQuery runs the queries, and the
 * answer renders the row again with new data, later.
 */
export function QueryRows({ record }: { record: ReturnType<typeof recorder> }) {
  const [queries, setQueries] = useState<VigilQuery[]>([{ refId: 'A', expr: 'up' } as VigilQuery]);
  const [, setData] = useState(0);
  useEffect(() => record.render()); // after every render of the rows
  return (
    <>
      {queries.map((q, i) => (
        <QueryEditor
          key={q.refId}
          query={{ ...q }}
          datasource={{} as DataSource}
          onChange={(next) => {
            record.change(next);
            const all = queries.slice();
            all[i] = next;
            setQueries(all);
          }}
          onRunQuery={() => {
            record.run();
            setTimeout(() => setData((n) => n + 1), 5);
          }}
        />
      ))}
    </>
  );
}
