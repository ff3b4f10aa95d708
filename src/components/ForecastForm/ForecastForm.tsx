import React, { useState } from 'react';
import { InlineField, InlineFieldRow, Input, RadioButtonGroup } from '@grafana/ui';

/** A Prometheus-style duration (7d, 12h, 1h30m): what the backend's and the transformation's horizon read. */
const DURATION_RE = /^(\d+(ms|s|m|h|d|w|y))+$/;

export type ThresholdDirection = 'above' | 'below';

/** The forecast options as the query editor and the transformation editor hold them. */
export interface ForecastChoice {
  /** A duration; '' = up to the end of the panel's time range. */
  horizon: string;
  /** Unset = no threshold. */
  threshold?: { value?: number; direction?: ThresholdDirection };
}

interface ForecastFormProps {
  value: ForecastChoice;
  /** Called with the whole next choice when a committed value changes. */
  onChange: (next: ForecastChoice) => void;
  labelWidth?: number;
  /** Show the threshold fields (the outputs or options that use it). */
  withThreshold: boolean;
}

const DIRECTIONS: Array<{ label: string; value: ThresholdDirection; description: string }> = [
  { label: 'Above', value: 'above', description: 'The forecast rises to the value or more (CPU at 90 %)' },
  { label: 'Below', value: 'below', description: 'The forecast falls to the value or less (free disk at 0)' },
];

/** The horizon's message, or undefined when it is empty or a duration. */
export function horizonError(horizon: string): string | undefined {
  return horizon === '' || DURATION_RE.test(horizon) ? undefined : 'Use a duration such as 1d, 12h or 30m';
}

/**
 * The forecast options, shared by the data source's query editor and the transformation's editor: the horizon and,
 * where it is used, the threshold (a value and whether the forecast crosses it going above or below). Text is
 * committed on blur or Enter, so a panel does not re-run on every keystroke; the message follows the text as typed.
 */
export function ForecastForm({ value, onChange, labelWidth = 20, withThreshold }: ForecastFormProps) {
  return (
    <InlineFieldRow>
      <HorizonField key={value.horizon} value={value} onChange={onChange} labelWidth={labelWidth} />
      {withThreshold && (
        <>
          <ThresholdField key={String(value.threshold?.value)} value={value} onChange={onChange} />
          <InlineField label="Direction" tooltip="Whether the forecast reaches the threshold rising or falling.">
            <RadioButtonGroup<ThresholdDirection>
              size="sm"
              options={DIRECTIONS}
              value={value.threshold?.direction ?? 'above'}
              onChange={(direction) =>
                direction !== (value.threshold?.direction ?? 'above') &&
                onChange({ ...value, threshold: { ...value.threshold, direction } })
              }
            />
          </InlineField>
        </>
      )}
    </InlineFieldRow>
  );
}

function HorizonField({ value, onChange, labelWidth }: Omit<ForecastFormProps, 'withThreshold'>) {
  const [draft, setDraft] = useState(value.horizon);
  const error = horizonError(draft.trim());
  const commit = () => draft.trim() !== value.horizon && onChange({ ...value, horizon: draft.trim() });
  return (
    <InlineField
      label="Horizon"
      labelWidth={labelWidth}
      tooltip="How far past now to forecast, e.g. 1d; empty = up to the end of the panel's time range (a range such as now-7d to now+1d)."
      invalid={Boolean(error)}
      error={error}
    >
      <Input
        aria-label="Horizon"
        width={12}
        placeholder="range end"
        value={draft}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </InlineField>
  );
}

function ThresholdField({ value, onChange }: Pick<ForecastFormProps, 'value' | 'onChange'>) {
  const saved = value.threshold?.value;
  const [draft, setDraft] = useState(saved === undefined ? '' : String(saved));
  const typed = draft.trim() === '' ? undefined : Number(draft);
  const error = typed !== undefined && !Number.isFinite(typed) ? 'Enter a number' : undefined;
  const commit = () => {
    if (error || typed === saved) {
      return;
    }
    onChange({
      ...value,
      threshold: typed === undefined ? undefined : { direction: value.threshold?.direction ?? 'above', value: typed },
    });
  };
  return (
    <InlineField
      label="Threshold"
      tooltip="The level whose crossing the forecast reports: seconds until it is reached, and rows for annotations."
      invalid={Boolean(error)}
      error={error}
    >
      <Input
        aria-label="Threshold"
        type="number"
        width={14}
        placeholder="none"
        value={draft}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </InlineField>
  );
}
