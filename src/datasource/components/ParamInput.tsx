import React from 'react';
import { InlineField, InlineSwitch, Input, RadioButtonGroup } from '@grafana/ui';
import { ParamSpec } from '../../detectors';
import { ParamValue } from '../types';
import { paramHelp, parseNumberInput } from './detectorParams';

interface Props {
  spec: ParamSpec;
  /** Undefined = not set (the detector's default applies). */
  value: ParamValue | undefined;
  error?: string;
  label?: string;
  onChange: (value: ParamValue | undefined) => void;
  onCommit: () => void;
}

/** One detector parameter, with the input its type needs, its help text, and the registry's validation message. */
export function ParamInput({ spec, value, error, label, onChange, onCommit }: Props) {
  const fieldLabel = label ?? spec.name;
  return (
    <InlineField
      label={fieldLabel}
      labelWidth={18}
      tooltip={paramHelp(spec)}
      invalid={Boolean(error)}
      error={error}
      validationMessageHorizontalOverflow
    >
      {spec.type === 'bool' ? (
        <InlineSwitch
          aria-label={fieldLabel}
          value={value === undefined ? Boolean(spec.default) : Boolean(value)}
          onChange={(e) => {
            onChange(e.currentTarget.checked);
            onCommit();
          }}
        />
      ) : spec.type === 'enum' ? (
        <RadioButtonGroup<string>
          size="sm"
          options={(spec.options ?? []).map((o) => ({ label: o, value: o }))}
          value={value === undefined ? String(spec.default) : String(value)}
          onChange={(v) => {
            onChange(v);
            onCommit();
          }}
        />
      ) : spec.type === 'string' ? (
        <Input
          aria-label={fieldLabel}
          width={24}
          placeholder={String(spec.default)}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => onChange(e.currentTarget.value.trim() === '' ? undefined : e.currentTarget.value.trim())}
          onBlur={onCommit}
        />
      ) : (
        <Input
          aria-label={fieldLabel}
          type="number"
          width={14}
          min={spec.min}
          max={spec.max}
          step={spec.type === 'int' ? 1 : 'any'}
          placeholder={String(spec.default)}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => onChange(parseNumberInput(e.currentTarget.value))}
          onBlur={onCommit}
        />
      )}
    </InlineField>
  );
}
