import { DataFrame, QueryResultMetaNotice } from '@grafana/data';

/** Prefix so a user can tell which transformation a notice in the panel header comes from. */
const PREFIX = 'Anomaly detection: ';

export function notice(severity: QueryResultMetaNotice['severity'], text: string): QueryResultMetaNotice {
  return { severity, text: PREFIX + text };
}

/** A copy of the frame with notices added to meta.notices (the panel header shows them); the input is untouched. */
export function withNotices(frame: DataFrame, notices: QueryResultMetaNotice[]): DataFrame {
  if (!notices.length) {
    return frame;
  }
  return { ...frame, meta: { ...frame.meta, notices: [...(frame.meta?.notices ?? []), ...notices] } };
}
