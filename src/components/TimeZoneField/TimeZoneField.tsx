import React, { useState } from 'react';
import { InlineField, Input } from '@grafana/ui';
import { timeZoneProblem } from './timeZone';

interface Props {
  /** The saved time zone; undefined or '' = the default the placeholder names. */
  value: string | undefined;
  /** A committed value (undefined = back to the default); called only when it differs from `value`. */
  onCommit: (value: string | undefined) => void;
  /** What an empty field means, e.g. "dashboard time zone". */
  placeholder: string;
  tooltip: string;
  labelWidth?: number;
}

/**
 * The time zone of daily and weekly seasons: an IANA name typed in full and committed on blur or Enter (so a panel
 * does not re-run on every keystroke), with a message while it is not one.
 */
export function TimeZoneField({ value, onCommit, placeholder, tooltip, labelWidth }: Props) {
  // Keyed on the saved value by the caller's render: a change from outside starts a fresh draft.
  const [draft, setDraft] = useState(value ?? '');
  const typed = draft.trim() === '' ? undefined : draft.trim();
  const problem = timeZoneProblem(typed);
  const commit = () => {
    if (!problem && typed !== (value || undefined)) {
      onCommit(typed);
    }
  };
  return (
    <InlineField label="Time zone" labelWidth={labelWidth} tooltip={tooltip} invalid={Boolean(problem)} error={problem}>
      <Input
        aria-label="Time zone"
        width={24}
        placeholder={placeholder}
        value={draft}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </InlineField>
  );
}
