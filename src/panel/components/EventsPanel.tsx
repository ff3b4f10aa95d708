import React, { useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { DataSourceRef } from '@grafana/schema';
import { Button, RadioButtonGroup, useStyles2 } from '@grafana/ui';
import { bySeverity, Explained, explainAll } from '../../explain';
import { PanelServicesContext } from '../context';
import { buildReport, downloadText, reportFilename } from '../download';
import { readExplainInput } from '../frames';
import { grafanaExplainServices, grafanaNotes } from '../grafanaServices';
import { AnnotationRecord, findSavedNote } from '../notes';
import { Explanation, ProviderMode } from '../providers/explainer';
import { EventRow } from './EventRow';

export interface PanelOptions {
  /** Show at most this many events. */
  maxEvents: number;
  sortBy: 'severity' | 'time';
  /** auto: the Grafana LLM app, else a Vigil data source's LLM endpoint, else the template; template: never ask an LLM. */
  explainProvider: ProviderMode;
  /** Vigil data source whose LLM endpoint explains (default: the panel's own, else any configured one). */
  llmDataSource?: string;
}

type Props = PanelProps<PanelOptions>;

/** Explanations written or saved this session, by event id: opening an event again shows them, not re-asks. */
const sessionNotes = new Map<string, Explanation>();

/** Forgets the explanations written this session (a new browser session starts empty). */
export function forgetSessionNotes(): void {
  sessionNotes.clear();
}

/**
 * "Anomaly explanations": the anomaly events of the panel's data — Vigil `events` frames and any frames with
 * Vigil's anomaly fields (band output, the Anomaly detection transformation) — sorted by severity or time, each
 * with series, start–end, observed vs expected, deviation, peak score and shape. A row click zooms the
 * dashboard to the event; "Explain" writes a note (Grafana LLM app, a data source's LLM endpoint, or the
 * template), which can be saved as an annotation or downloaded as a Markdown report.
 */
export function EventsPanel(props: Props) {
  const { data, options, width, height, timeZone, onChangeTimeRange, replaceVariables } = props;
  const styles = useStyles2(getStyles);
  const injected = useContext(PanelServicesContext);
  const frames = useMemo(() => data.series ?? [], [data.series]);
  const targets = useMemo(() => data.request?.targets ?? [], [data.request]);
  const explained = useMemo(() => explainAll(readExplainInput(frames, targets)), [frames, targets]);
  const [sortChoice, setSortBy] = useState<PanelOptions['sortBy'] | undefined>();
  const sortBy = sortChoice ?? options.sortBy ?? 'severity';
  const sorted = useMemo(() => {
    const list =
      sortBy === 'time' ? [...explained].sort((a, b) => b.event.start - a.event.start) : bySeverity(explained);
    return list.slice(0, Math.max(1, options.maxEvents ?? 50));
  }, [explained, sortBy, options.maxEvents]);

  const panelUids = useMemo(
    () =>
      targets
        .map((t) => (t.datasource as DataSourceRef | undefined)?.uid)
        .concat((data.request as { datasource?: DataSourceRef } | undefined)?.datasource?.uid)
        .filter((u): u is string => Boolean(u)),
    [targets, data.request]
  );
  const services = useMemo(
    () => injected.explain ?? grafanaExplainServices(panelUids, options.llmDataSource),
    [injected.explain, panelUids, options.llmDataSource]
  );
  const notesService = injected.notes ?? grafanaNotes;
  const dashboardUID = useMemo(() => {
    const fromRequest = data.request?.dashboardUID;
    const fromVariable = replaceVariables?.('${__dashboard.uid}');
    const uid = fromRequest || fromVariable;
    return uid && !uid.includes('$') ? uid : undefined;
  }, [data.request, replaceVariables]);

  const range = data.timeRange;
  const from = range?.from.valueOf() ?? 0;
  const to = range?.to.valueOf() ?? 0;
  const [saved, setSaved] = useState<AnnotationRecord[]>([]);
  const reloadSaved = useCallback(() => {
    if (!dashboardUID || !explained.length) {
      return;
    }
    notesService
      .load(dashboardUID, from, to)
      .then(setSaved)
      .catch(() => setSaved([]));
  }, [dashboardUID, from, to, explained.length, notesService]);
  useEffect(reloadSaved, [reloadSaved]);

  const noteOf = (x: Explained): Explanation | undefined => {
    const own = sessionNotes.get(x.event.id);
    if (own) {
      return own;
    }
    const s = findSavedNote(x.evidence, saved);
    return s ? { text: s.text, label: `${s.label}, saved as an annotation`, provider: 'template' } : undefined;
  };

  const downloadAll = async () => {
    const notes = new Map(
      sorted.map((x) => [x.event.id, noteOf(x)] as const).filter((p): p is [string, Explanation] => !!p[1])
    );
    const md = await buildReport(sorted, notes, { from, to, timeZone });
    downloadText(reportFilename('all', from), md);
  };

  if (frames.length > 0 && explained.length === 0 && !hasAnyAnomalyData(frames)) {
    return (
      <div className={styles.message} style={{ width, height }}>
        This panel explains anomaly events. Use a Vigil anomaly detection query with Output set to Events or Band, or
        add the Anomaly detection transformation to the queries.
      </div>
    );
  }
  if (explained.length === 0) {
    return (
      <div className={styles.message} style={{ width, height }}>
        No anomalies in this time range.
      </div>
    );
  }
  return (
    <div className={styles.panel} style={{ width, height }}>
      <div className={styles.toolbar}>
        <span className={styles.count}>
          {explained.length} anomal{explained.length === 1 ? 'y' : 'ies'}
          {sorted.length < explained.length ? ` (showing ${sorted.length})` : ''}
        </span>
        <RadioButtonGroup
          size="sm"
          value={sortBy}
          onChange={setSortBy}
          options={[
            { label: 'Severity', value: 'severity', description: 'Most severe first' },
            { label: 'Time', value: 'time', description: 'Newest first' },
          ]}
        />
        <Button
          size="sm"
          variant="secondary"
          icon="download-alt"
          onClick={downloadAll}
          tooltip="Markdown report of every event in range"
        >
          Report
        </Button>
      </div>
      <div className={styles.list} role="list" aria-label="Anomaly events">
        {sorted.map((x) => (
          <EventRow
            key={x.event.id}
            item={x}
            timeZone={timeZone}
            mode={options.explainProvider ?? 'auto'}
            services={services}
            note={noteOf(x)}
            onNote={(n) => sessionNotes.set(x.event.id, n)}
            dashboardUID={dashboardUID}
            notesService={notesService}
            onSaved={reloadSaved}
            onZoom={() => onChangeTimeRange(zoomRange(x))}
            range={{ from, to }}
          />
        ))}
      </div>
    </div>
  );
}

/** The dashboard range that shows an event with context: its span padded by twice its length, at least 10 steps. */
export function zoomRange(x: Explained): { from: number; to: number } {
  const step = x.evidence.window.stepMs ?? 60_000;
  const pad = Math.max(2 * x.evidence.window.durationMs, 10 * step);
  return { from: x.event.start - pad, to: x.event.end + step + pad };
}

function hasAnyAnomalyData(frames: PanelProps['data']['series']): boolean {
  return frames.some(
    (f) =>
      f.name === 'events' ||
      f.fields.some((x) => ['expected', 'anomaly', 'anomaly_marker', 'maxScore'].includes(x.name))
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), overflow: 'hidden' }),
  toolbar: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), flexWrap: 'wrap' }),
  count: css({ color: theme.colors.text.secondary, marginRight: 'auto' }),
  list: css({ overflowY: 'auto', display: 'flex', flexDirection: 'column', gap: theme.spacing(1), flex: 1 }),
  message: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    textAlign: 'center',
    color: theme.colors.text.secondary,
    padding: theme.spacing(2),
  }),
});
