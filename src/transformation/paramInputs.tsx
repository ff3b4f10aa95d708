import React from 'react';
import { Combobox, InlineField, InlineSwitch, Input } from '@grafana/ui';
import type { ParamSpec, ParamValue } from '../detectors';

const LABEL_WIDTH = 20;

interface ParamInputProps {
  spec: ParamSpec;
  /** Undefined = the default (shown as placeholder). */
  value: ParamValue | undefined;
  onChange: (value: ParamValue | undefined) => void;
}

function range(spec: ParamSpec): string {
  return spec.min !== undefined && spec.max !== undefined ? ` (${spec.min} – ${spec.max})` : '';
}

/**
 * A number typed in full before it is saved (on blur or Enter), so the panel does not re-run on every keystroke.
 * Uncontrolled, keyed by the saved value: a change from outside (another detector, reset) starts it afresh.
 */
function NumberParam({ spec, value, onChange }: ParamInputProps) {
  const commit = (text: string) => {
    const trimmed = text.trim();
    onChange(trimmed === '' ? undefined : Number(trimmed));
  };
  return (
    <Input
      key={String(value)}
      type="number"
      width={12}
      defaultValue={value === undefined ? '' : String(value)}
      min={spec.min}
      max={spec.max}
      step={spec.type === 'int' ? 1 : 'any'}
      placeholder={String(spec.default)}
      onBlur={(e) => commit(e.currentTarget.value)}
      onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget.value)}
    />
  );
}

/** One detector parameter, with the registry's description as its tooltip. */
export function ParamInput(props: ParamInputProps) {
  const { spec, value, onChange } = props;
  let input: React.ReactElement;
  switch (spec.type) {
    case 'bool':
      input = (
        <InlineSwitch value={(value ?? spec.default) as boolean} onChange={(e) => onChange(e.currentTarget.checked)} />
      );
      break;
    case 'enum':
      input = (
        <Combobox
          width={16}
          value={(value ?? spec.default) as string}
          options={(spec.options ?? []).map((o) => ({ label: o, value: o }))}
          onChange={(o) => onChange(o.value)}
        />
      );
      break;
    case 'string':
      input = (
        <Input
          key={String(value)}
          width={24}
          defaultValue={value === undefined ? '' : String(value)}
          placeholder={String(spec.default)}
          onBlur={(e) => onChange(e.currentTarget.value.trim() || undefined)}
        />
      );
      break;
    default:
      input = <NumberParam {...props} />;
  }
  return (
    <InlineField label={spec.name} labelWidth={LABEL_WIDTH} tooltip={spec.description + range(spec)}>
      {input}
    </InlineField>
  );
}
