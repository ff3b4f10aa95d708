import React, { useState } from 'react';
import { InlineField, InlineSwitch, Input, RadioButtonGroup } from '@grafana/ui';
import type { ParamValue, RegistryParamSpec } from '../../detectors';
import { paramError, paramHelp, parseNumberInput } from './paramChecks';

interface ParamFieldProps {
  detectorId: string;
  spec: RegistryParamSpec;
  /** The saved value; undefined = the detector's default (shown as the placeholder). */
  value: ParamValue | undefined;
  /** A value the user committed (undefined = back to the default). Called only when it differs from `value`. */
  onCommit: (value: ParamValue | undefined) => void;
  labelWidth: number;
}

/**
 * One detector parameter: its readable label and help from the registry, the input its type needs, and the
 * registry's own message when the value is not accepted. Numbers are typed in full and committed on blur or Enter,
 * so a panel or query does not re-run on every keystroke; the message follows the text as it is typed.
 */
export function ParamField({ detectorId, spec, value, onCommit, labelWidth }: ParamFieldProps) {
  const commit = (next: ParamValue | undefined) => {
    if (next !== value) {
      onCommit(next);
    }
  };
  switch (spec.type) {
    case 'bool':
      return (
        <InlineField label={spec.label} labelWidth={labelWidth} tooltip={paramHelp(spec)}>
          <InlineSwitch
            aria-label={spec.label}
            value={Boolean(value ?? spec.default)}
            onChange={(e) => commit(e.currentTarget.checked)}
          />
        </InlineField>
      );
    case 'enum':
      return (
        <InlineField label={spec.label} labelWidth={labelWidth} tooltip={paramHelp(spec)}>
          <RadioButtonGroup<string>
            size="sm"
            options={(spec.options ?? []).map((o) => ({ label: o, value: o }))}
            value={String(value ?? spec.default)}
            onChange={commit}
          />
        </InlineField>
      );
    default:
      // Numbers and text (a time zone). Keyed by the saved value: a change from outside (another detector, a reset)
      // starts a fresh draft.
      return (
        <DraftField
          key={String(value)}
          detectorId={detectorId}
          spec={spec}
          value={value}
          onCommit={commit}
          labelWidth={labelWidth}
        />
      );
  }
}

function DraftField({ detectorId, spec, value, onCommit, labelWidth }: ParamFieldProps) {
  const [draft, setDraft] = useState(value === undefined ? '' : String(value));
  const text = spec.type === 'string';
  const typed = text ? draft.trim() || undefined : parseNumberInput(draft);
  const error = paramError(detectorId, spec, typed);
  return (
    <InlineField
      label={spec.label}
      labelWidth={labelWidth}
      tooltip={paramHelp(spec)}
      invalid={Boolean(error)}
      error={error}
      validationMessageHorizontalOverflow
    >
      <Input
        aria-label={spec.label}
        type={text ? 'text' : 'number'}
        width={text ? 24 : 14}
        min={spec.min}
        max={spec.max}
        step={spec.type === 'int' ? 1 : 'any'}
        placeholder={String(spec.default)}
        value={draft}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={() => onCommit(typed)}
        onKeyDown={(e) => e.key === 'Enter' && onCommit(typed)}
      />
    </InlineField>
  );
}
