import React, { useEffect, useRef, useState } from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Badge, BadgeColor, Button, IconButton, useStyles2 } from '@grafana/ui';
import {
  Explained,
  formatDuration,
  formatPercent,
  formatRange,
  formatValue,
  SHAPE_WORDS,
  Severity,
} from '../../explain';
import { buildReport, downloadText, reportFilename } from '../download';
import { renderSafeMarkdown } from '../markdown';
import { noteAnnotation, NotesService } from '../notes';
import { ExplainServices, Explanation, ProviderMode, writeExplanation } from '../providers/explainer';

interface Props {
  item: Explained;
  timeZone: string;
  mode: ProviderMode;
  services: ExplainServices;
  /** The note already written this session or saved as an annotation. */
  note?: Explanation;
  onNote: (note: Explanation) => void;
  dashboardUID?: string;
  notesService: NotesService;
  onSaved: () => void;
  onZoom: () => void;
  range: { from: number; to: number };
}

const SEVERITY_COLOR: Record<Severity, BadgeColor> = { critical: 'red', warning: 'orange', info: 'blue' };

/** One event: a summary line that zooms the dashboard to it, and on demand its explanation and actions. */
export function EventRow({
  item,
  timeZone,
  mode,
  services,
  note,
  onNote,
  dashboardUID,
  notesService,
  onSaved,
  onZoom,
  range,
}: Props) {
  const styles = useStyles2(getStyles);
  const e = item.evidence;
  const [open, setOpen] = useState(false);
  const [written, setExplanation] = useState<Explanation | undefined>();
  const explanation = written ?? note;
  const [streaming, setStreaming] = useState<{ text: string; label: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const [saveState, setSaveState] = useState<{ ok: boolean; message: string } | undefined>();
  const abort = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => abort.current?.abort(), []);

  const explain = async () => {
    setBusy(true);
    setSaveState(undefined);
    abort.current = new AbortController();
    try {
      const result = await writeExplanation(e, services, {
        mode,
        timeZone,
        signal: abort.current.signal,
        onText: (text, label) => setStreaming({ text, label }),
      });
      setExplanation(result);
      onNote(result);
    } finally {
      setStreaming(undefined);
      setBusy(false);
    }
  };

  const save = async () => {
    if (!explanation || !dashboardUID) {
      return;
    }
    setBusy(true);
    try {
      await notesService.save(noteAnnotation(e, explanation, dashboardUID));
      setSaveState({ ok: true, message: 'Saved as an annotation on this dashboard.' });
      onSaved();
    } catch (err: unknown) {
      const data = (err as { data?: { message?: string } })?.data;
      setSaveState({ ok: false, message: `Could not save the annotation: ${data?.message ?? String(err)}` });
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    const notes = new Map<string, Explanation>(explanation ? [[item.event.id, explanation]] : []);
    const md = await buildReport([item], notes, { ...range, timeZone });
    downloadText(reportFilename(e.metric.series, item.event.start), md);
  };

  const expected = Number.isFinite(e.peak.expected) ? ` vs ${formatValue(e.peak.expected)}` : '';
  const change = formatPercent(e.peak.change);
  const shown = streaming ?? explanation;
  const saved = explanation?.label.endsWith('saved as an annotation') || saveState?.ok;
  return (
    <div className={cx(styles.row, styles[e.severity])} role="listitem">
      <div className={styles.head}>
        <button
          type="button"
          className={styles.zoom}
          onClick={onZoom}
          aria-label={`Zoom to the ${e.metric.series} anomaly`}
          title="Zoom the dashboard to this event"
        >
          <span className={styles.title}>
            <Badge text={e.severity} color={SEVERITY_COLOR[e.severity]} />
            <strong className={styles.series}>{e.metric.series}</strong>
            <span className={styles.score}>score {formatValue(e.peak.score)}</span>
          </span>
          <span className={styles.detail}>
            {formatRange(e.window.start, e.window.end, timeZone)} ({formatDuration(e.window.durationMs)}) ·{' '}
            {SHAPE_WORDS[e.shape.kind]} · observed {formatValue(e.peak.observed)}
            {expected}
            {change && ` (${change})`}
          </span>
        </button>
        <IconButton
          name={open ? 'angle-up' : 'angle-down'}
          aria-expanded={open}
          tooltip={open ? 'Hide the explanation' : 'Explain this event'}
          onClick={() => setOpen(!open)}
        />
      </div>
      {open && (
        <div className={styles.body}>
          <div className={styles.actions}>
            <Button size="sm" icon="ai" onClick={explain} disabled={busy}>
              {busy && streaming ? 'Explaining…' : explanation ? 'Explain again' : 'Explain'}
            </Button>
            <Button
              size="sm"
              variant="secondary"
              icon="comment-alt"
              onClick={save}
              disabled={busy || !explanation || !dashboardUID || Boolean(saved)}
              tooltip={!dashboardUID ? 'Save the dashboard first: annotations belong to a dashboard' : undefined}
            >
              {saved ? 'Saved' : 'Save as annotation'}
            </Button>
            <Button size="sm" variant="secondary" icon="download-alt" onClick={download}>
              Download report
            </Button>
          </div>
          {saveState && !saveState.ok && (
            <Alert severity="error" title="Not saved">
              {saveState.message}
            </Alert>
          )}
          {explanation?.fallbackReason && !streaming && (
            <Alert severity="warning" title="AI explanation failed; showing the template">
              {explanation.fallbackReason}
            </Alert>
          )}
          {shown ? (
            <div aria-label="Explanation">
              <div className={styles.provider}>
                Explanation by <strong>{shown.label}</strong>
                {streaming ? ' (writing…)' : ''}
              </div>
              <div className={styles.note} dangerouslySetInnerHTML={{ __html: renderSafeMarkdown(shown.text) }} />
            </div>
          ) : (
            <div className={styles.hint}>
              {mode === 'template'
                ? 'Explain writes a note from the evidence (AI explanations are off in the panel options).'
                : 'Explain writes a short incident note: the Grafana LLM app if enabled, else the LLM endpoint of a Vigil data source, else a template.'}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({
    borderLeft: `3px solid ${theme.colors.info.main}`,
    background: theme.colors.background.secondary,
    padding: theme.spacing(0.5, 1),
  }),
  critical: css({ borderLeftColor: theme.colors.error.main }),
  warning: css({ borderLeftColor: theme.colors.warning.main }),
  info: css({ borderLeftColor: theme.colors.info.main }),
  head: css({ display: 'flex', alignItems: 'flex-start', gap: theme.spacing(1) }),
  zoom: css({
    flex: 1,
    minWidth: 0,
    textAlign: 'left',
    background: 'none',
    border: 'none',
    padding: 0,
    color: 'inherit',
    cursor: 'zoom-in',
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.25),
  }),
  title: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), minWidth: 0 }),
  series: css({ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
  score: css({ marginLeft: 'auto', color: theme.colors.text.secondary, whiteSpace: 'nowrap' }),
  detail: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  body: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), padding: theme.spacing(1, 0, 0.5) }),
  actions: css({ display: 'flex', gap: theme.spacing(1), flexWrap: 'wrap' }),
  provider: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    marginBottom: theme.spacing(0.5),
  }),
  note: css({
    fontSize: theme.typography.bodySmall.fontSize,
    'p, ul, ol': { marginBottom: theme.spacing(1) },
    'ul, ol': { paddingLeft: theme.spacing(2) },
    code: { fontSize: 'inherit' },
  }),
  hint: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
