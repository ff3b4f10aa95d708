import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2, Icon } from '@grafana/ui';
import { AnomalyEvent, findEventFrames, readEvents } from '../events';

export interface PanelOptions {
  /** Show at most this many events (newest first). */
  maxEvents: number;
}

type Props = PanelProps<PanelOptions>;

/** Lists the anomaly events of a Vigil `events` query: which series, when, how far from expected, how unusual. */
export function EventsPanel({ data, options, width, height, timeZone }: Props) {
  const styles = useStyles2(getStyles);
  const frames = data.series ?? [];

  if (frames.length > 0 && findEventFrames(frames).length === 0) {
    return (
      <div className={styles.message} style={{ width, height }}>
        This panel lists anomaly events. Use a Vigil anomaly detection query with Output set to Events.
      </div>
    );
  }
  const events = readEvents(frames).slice(0, Math.max(1, options.maxEvents ?? 50));
  if (events.length === 0) {
    return (
      <div className={styles.message} style={{ width, height }}>
        No anomalies in this time range.
      </div>
    );
  }
  return (
    <div className={styles.list} style={{ width, height }} role="list" aria-label="Anomaly events">
      {events.map((e, i) => (
        <EventRow key={`${e.series}-${e.start}-${i}`} event={e} timeZone={timeZone} />
      ))}
    </div>
  );
}

function EventRow({ event: e, timeZone }: { event: AnomalyEvent; timeZone: string }) {
  const styles = useStyles2(getStyles);
  const fmt = (t: number) => dateTimeFormat(t, { timeZone, format: 'YYYY-MM-DD HH:mm:ss' });
  const icon = e.direction === 'up' ? 'arrow-up' : e.direction === 'down' ? 'arrow-down' : 'exchange-alt';
  return (
    <div className={styles.row} role="listitem">
      <div className={styles.head}>
        <Icon name={icon} aria-label={`direction ${e.direction || 'unknown'}`} />
        <strong>{e.series}</strong>
        {e.maxScore !== undefined && <span className={styles.score}>score {e.maxScore.toFixed(1)}</span>}
      </div>
      <div className={styles.detail}>
        {fmt(e.start)}
        {e.end !== e.start && <> → {fmt(e.end)}</>}
        {e.points !== undefined && (
          <>
            {' '}
            · {e.points} point{e.points === 1 ? '' : 's'}
          </>
        )}
        {e.detector && <> · {e.detector}</>}
      </div>
      {e.peakValue !== undefined && (
        <div className={styles.detail}>
          peak {formatValue(e.peakValue)}
          {e.expectedAtPeak !== undefined && <> vs expected {formatValue(e.expectedAtPeak)}</>}
          {e.direction && <> ({e.direction})</>}
        </div>
      )}
      {e.text && <div className={styles.detail}>{e.text}</div>}
    </div>
  );
}

function formatValue(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(3) : Number(v.toPrecision(4)).toString();
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({ overflowY: 'auto', display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  row: css({
    padding: theme.spacing(1),
    borderLeft: `3px solid ${theme.colors.error.main}`,
    background: theme.colors.background.secondary,
  }),
  head: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
  score: css({ marginLeft: 'auto', color: theme.colors.error.text }),
  detail: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  message: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    textAlign: 'center',
    color: theme.colors.text.secondary,
    padding: theme.spacing(2),
  }),
});
