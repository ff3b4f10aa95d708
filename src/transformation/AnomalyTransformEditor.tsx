import React, { useMemo } from 'react';
import { FieldType, getFieldDisplayName, TransformerUIProps } from '@grafana/data';
import {
  Combobox,
  InlineField,
  InlineFieldRow,
  InlineSwitch,
  MultiCombobox,
  RadioButtonGroup,
  Stack,
  Text,
} from '@grafana/ui';
import { registryMetadata, type ParamValue } from '../detectors';
import { ParamInput } from './paramInputs';
import { AnomalyOutputs, AnomalyTransformOptions, withDefaults } from './options';

const LABEL_WIDTH = 20;
/** Edited by their own controls below, not in the detector's parameter list. */
const COMMON = new Set(['sensitivity', 'direction', 'minConsecutive']);

const DIRECTIONS = [
  { label: 'Both', value: 'both' as const, description: 'Above and below the band' },
  { label: 'Up', value: 'up' as const, description: 'Only above the band' },
  { label: 'Down', value: 'down' as const, description: 'Only below the band' },
];

const MODES = [
  { label: 'Append', value: 'append' as const, description: 'Keep the analysed fields and add the outputs' },
  { label: 'Replace', value: 'replace' as const, description: 'Drop the analysed fields; keep the outputs' },
];

const OUTPUTS: Array<{ key: keyof AnomalyOutputs; label: string; tooltip: string }> = [
  { key: 'expected', label: 'Expected', tooltip: 'The detector’s prediction, a dashed line.' },
  { key: 'band', label: 'Band', tooltip: 'Lower and upper fields; the band between them is filled.' },
  { key: 'anomaly', label: 'Markers', tooltip: 'The value at anomalous points, drawn as large dots in the series colour.' },
  { key: 'score', label: 'Score', tooltip: '0 = expected, 1 = band edge, above 1 = outside. Tooltip only.' },
];

/** The editor of the "Anomaly detection" transformation, built from @grafana/ui controls. */
export default function AnomalyTransformEditor({
  input,
  options,
  onChange,
}: TransformerUIProps<Partial<AnomalyTransformOptions>>) {
  const o = withDefaults(options);
  const detectors = useMemo(() => registryMetadata(), []);
  const meta = detectors.find((d) => d.id === o.detector);
  const sensitivitySpec = meta?.params.find((p) => p.name === 'sensitivity');

  const fieldNames = useMemo(() => {
    const names = new Set<string>();
    for (const frame of input) {
      for (const field of frame.fields) {
        if (field.type === FieldType.number) {
          names.add(getFieldDisplayName(field, frame, input));
        }
      }
    }
    return [...names];
  }, [input]);

  const update = (patch: Partial<AnomalyTransformOptions>) => onChange({ ...o, ...patch });

  return (
    <Stack direction="column" gap={0.5}>
      <InlineFieldRow>
        <InlineField label="Detector" labelWidth={LABEL_WIDTH} tooltip="Which algorithm computes the band and score.">
          <Combobox
            width={32}
            value={o.detector}
            options={detectors.map((d) => ({ label: d.name, value: d.id, description: d.description }))}
            // A new detector starts from its own defaults: other detectors' parameters and sensitivity do not apply.
            onChange={(opt) => update({ detector: opt.value, params: {}, sensitivity: undefined })}
          />
        </InlineField>
      </InlineFieldRow>
      {meta ? (
        <Text color="secondary" variant="bodySmall">
          {meta.description}
          {meta.multivariate ? ' Scores the selected fields together as one group.' : ''}
        </Text>
      ) : (
        <Text color="error">Unknown detector “{o.detector}”; pick one from the list.</Text>
      )}
      {meta?.params
        .filter((spec) => !COMMON.has(spec.name))
        .map((spec) => (
          <ParamInput
            key={`${o.detector}.${spec.name}`}
            spec={spec}
            value={o.params[spec.name] ?? undefined}
            onChange={(v: ParamValue | undefined) => {
              const params = { ...o.params };
              if (v === undefined) {
                delete params[spec.name];
              } else {
                params[spec.name] = v;
              }
              update({ params });
            }}
          />
        ))}
      {sensitivitySpec && (
        <ParamInput
          key={`${o.detector}.sensitivity`}
          spec={sensitivitySpec}
          value={o.sensitivity}
          onChange={(v) => update({ sensitivity: v as number | undefined })}
        />
      )}
      <InlineField label="Direction" labelWidth={LABEL_WIDTH} tooltip="Which deviations count as anomalies.">
        <RadioButtonGroup options={DIRECTIONS} value={o.direction} onChange={(direction) => update({ direction })} />
      </InlineField>
      <ParamInput
        spec={{
          name: 'minConsecutive',
          type: 'int',
          default: 1,
          min: 1,
          max: 1000,
          description: 'Flag a point only when it is the n-th or later consecutive point outside the band.',
        }}
        value={o.minConsecutive}
        onChange={(v) => update({ minConsecutive: (v as number | undefined) ?? 1 })}
      />
      <InlineField
        label="Fields"
        labelWidth={LABEL_WIDTH}
        tooltip="Numeric fields to analyse; none selected = all of them."
      >
        <MultiCombobox
          width={40}
          placeholder="All numeric fields"
          value={o.fields}
          options={fieldNames.map((name) => ({ label: name, value: name }))}
          onChange={(selected) => update({ fields: selected.map((s) => s.value) })}
        />
      </InlineField>
      <InlineFieldRow>
        {OUTPUTS.map(({ key, label, tooltip }) => (
          <InlineField
            key={key}
            label={label}
            labelWidth={key === 'expected' ? LABEL_WIDTH : undefined}
            tooltip={tooltip}
          >
            <InlineSwitch
              value={o.outputs[key]}
              onChange={(e) => update({ outputs: { ...o.outputs, [key]: e.currentTarget.checked } })}
            />
          </InlineField>
        ))}
      </InlineFieldRow>
      <InlineField label="Mode" labelWidth={LABEL_WIDTH} tooltip="Keep or drop the analysed fields.">
        <RadioButtonGroup options={MODES} value={o.mode} onChange={(mode) => update({ mode })} />
      </InlineField>
    </Stack>
  );
}
