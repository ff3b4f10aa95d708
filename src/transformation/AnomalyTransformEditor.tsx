import React, { useMemo } from 'react';
import { DataFrame, FieldType, getFieldDisplayName, TransformerUIProps } from '@grafana/data';
import {
  ComboboxOption,
  InlineField,
  InlineFieldRow,
  InlineSwitch,
  MultiCombobox,
  RadioButtonGroup,
  Stack,
} from '@grafana/ui';
import { DetectorChoice, DetectorForm } from '../components/DetectorForm/DetectorForm';
import { useEditorChange } from '../components/DetectorForm/editorChange';
import { specOf } from '../components/DetectorForm/paramChecks';
import { ForecastForm } from '../components/ForecastForm/ForecastForm';
import { TimeZoneField } from '../components/TimeZoneField/TimeZoneField';
import { AnomalyOutputs, AnomalyTransformOptions, withDefaults } from './options';

const LABEL_WIDTH = 20;

const MODES = [
  { label: 'Append', value: 'append' as const, description: 'Keep the analysed fields and add the outputs' },
  { label: 'Replace', value: 'replace' as const, description: 'Drop the analysed fields; keep the outputs' },
];

const OUTPUTS: Array<{ key: keyof AnomalyOutputs; label: string; tooltip: string }> = [
  { key: 'expected', label: 'Expected', tooltip: 'The detector’s prediction, a dashed line.' },
  { key: 'band', label: 'Band', tooltip: 'Lower and upper fields; the band between them is filled.' },
  {
    key: 'anomaly',
    label: 'Markers',
    tooltip: 'The value at anomalous points, drawn as large dots in the series colour.',
  },
  { key: 'score', label: 'Score', tooltip: '0 = expected, 1 = band edge, above 1 = outside. Tooltip only.' },
];

/** The display names of the input's numeric fields, the choices of the "Fields" picker. */
function numericFieldNames(input: DataFrame[]): string[] {
  const names = new Set<string>();
  for (const frame of input) {
    for (const field of frame.fields) {
      if (field.type === FieldType.number) {
        names.add(getFieldDisplayName(field, frame, input));
      }
    }
  }
  return [...names];
}

/**
 * The editor of the "Anomaly detection" transformation: the shared detector form, then the fields, outputs and
 * mode. Grafana passes new options and input objects on every render and feeds every onChange back as new options;
 * the editor derives its values from their content (so they keep their identity while the content does) and calls
 * onChange only for a real change (useEditorChange), so it settles after every change (AnomalyTransformEditor.test.tsx,
 * tests/browser/editors.ts).
 */
export default function AnomalyTransformEditor({
  input,
  options,
  onChange,
}: TransformerUIProps<Partial<AnomalyTransformOptions>>) {
  const o = useMemo(() => withDefaults(options), [options]);
  const names = numericFieldNames(input);
  const namesKey = names.join('\u0000');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- by content: Grafana recreates the input frames
  const fieldOptions: ComboboxOption[] = useMemo(() => names.map((name) => ({ label: name, value: name })), [namesKey]);

  const send = useEditorChange(o, onChange);
  const update = (patch: Partial<AnomalyTransformOptions>) => send({ ...o, ...patch });
  const choice: DetectorChoice = {
    detector: o.detector,
    params: o.params as DetectorChoice['params'],
    sensitivity: o.sensitivity,
    direction: o.direction,
    minConsecutive: o.minConsecutive,
  };

  return (
    <Stack direction="column" gap={0.5}>
      <DetectorForm
        value={choice}
        labelWidth={LABEL_WIDTH}
        multivariateNote="Scores the selected fields together as one group."
        onChange={(next) =>
          update({
            detector: next.detector,
            params: next.params,
            sensitivity: next.sensitivity,
            direction: next.direction ?? 'both',
            minConsecutive: next.minConsecutive ?? 1,
          })
        }
      />
      {specOf(o.detector, 'timezone') && (
        <TimeZoneField
          key={o.timezone ?? ''}
          value={o.timezone}
          labelWidth={LABEL_WIDTH}
          placeholder="dashboard time zone"
          tooltip="Time zone of daily and weekly seasons, an IANA name such as Europe/Paris. Empty: the dashboard's time zone (Grafana's $__timezone), or the browser's where the panel cannot tell."
          onCommit={(timezone) => update({ timezone })}
        />
      )}
      <InlineField
        label="Fields"
        labelWidth={LABEL_WIDTH}
        tooltip="Numeric fields to analyse; none selected = all of them."
      >
        <MultiCombobox
          width={40}
          placeholder="All numeric fields"
          value={o.fields}
          options={fieldOptions}
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
              aria-label={label}
              value={o.outputs[key]}
              onChange={(e) => update({ outputs: { ...o.outputs, [key]: e.currentTarget.checked } })}
            />
          </InlineField>
        ))}
      </InlineFieldRow>
      <InlineField label="Mode" labelWidth={LABEL_WIDTH} tooltip="Keep or drop the analysed fields.">
        <RadioButtonGroup options={MODES} value={o.mode} onChange={(mode) => update({ mode })} />
      </InlineField>
      <InlineField
        label="Forecast"
        labelWidth={LABEL_WIDTH}
        tooltip="Continue the expected value and band past the last point (holt_winters, seasonal and auto forecast). Let the panel's time range reach into the future to see it."
      >
        <InlineSwitch
          aria-label="Forecast"
          value={o.forecast.enabled}
          onChange={(e) => update({ forecast: { ...o.forecast, enabled: e.currentTarget.checked } })}
        />
      </InlineField>
      {o.forecast.enabled && (
        <ForecastForm
          value={{ horizon: o.forecast.horizon, threshold: o.forecast.threshold }}
          labelWidth={LABEL_WIDTH}
          withThreshold
          onChange={(next) =>
            update({
              forecast: {
                enabled: true,
                horizon: next.horizon,
                threshold:
                  next.threshold?.value === undefined
                    ? undefined
                    : { value: next.threshold.value, direction: next.threshold.direction ?? 'above' },
              },
            })
          }
        />
      )}
    </Stack>
  );
}
