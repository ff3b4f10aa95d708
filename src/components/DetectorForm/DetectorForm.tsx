import React from 'react';
import { Alert, Combobox, ComboboxOption, InlineField, InlineFieldRow, RadioButtonGroup, Text } from '@grafana/ui';
import { getDetector, type Direction, type ParamValue } from '../../detectors';
import { ParamField } from './ParamField';
import { detectorError, DETECTOR_OPTIONS, ownParamSpecs, paramError, paramHelp, specOf } from './paramChecks';

/** A detector and its settings, as the query editor and the transformation editor hold them. */
export interface DetectorChoice {
  detector: string;
  /** The detector's own parameters; an absent one takes its default. */
  params: Record<string, ParamValue>;
  /** Undefined = the detector's default (its unit differs between detectors). */
  sensitivity?: number;
  direction?: Direction;
  minConsecutive?: number;
}

interface DetectorFormProps {
  value: DetectorChoice;
  /** Called with the whole next choice, only when something changed. */
  onChange: (next: DetectorChoice) => void;
  labelWidth?: number;
  /** Added to a multivariate detector's description (how this editor groups series). */
  multivariateNote?: string;
}

const DIRECTION_OPTIONS: Array<{ label: string; value: Direction; description: string }> = [
  { label: 'Both', value: 'both', description: 'Above and below the band' },
  { label: 'Up', value: 'up', description: 'Only above the band' },
  { label: 'Down', value: 'down', description: 'Only below the band' },
];

/**
 * The detector picker and its parameter form, shared by the data source's query editor and the transformation's
 * editor: the detector's description, its own parameters and the common options (sensitivity, direction,
 * min consecutive points) with the registry's readable labels, help and messages.
 *
 * It never calls onChange by itself and never for a value that is already saved: Grafana feeds every change back
 * as new props, and @grafana/ui's Combobox (downshift) reports the same selection again on the renders after a pick,
 * so a picker that passed every report on would reset the parameters and re-run the panel for nothing (the
 * "transformation editor freezes" report). Picking another detector starts it from its own defaults.
 */
export function DetectorForm({ value, onChange, labelWidth = 20, multivariateNote }: DetectorFormProps) {
  const { detector, params } = value;
  const meta = known(detector);
  const set = (patch: Partial<DetectorChoice>) => onChange({ ...value, ...patch });
  const setParam = (name: string, v: ParamValue | undefined) => {
    const next = { ...params };
    if (v === undefined) {
      delete next[name];
    } else {
      next[name] = v;
    }
    set({ params: next });
  };
  const own = ownParamSpecs(detector);
  const sensitivity = specOf(detector, 'sensitivity');
  const direction = specOf(detector, 'direction');
  const minConsecutive = specOf(detector, 'minConsecutive');
  // Rules between parameters only make sense once each value is valid on its own.
  const fieldsValid =
    own.every((s) => !paramError(detector, s, params[s.name])) &&
    (!sensitivity || !paramError(detector, sensitivity, value.sensitivity)) &&
    (!minConsecutive || !paramError(detector, minConsecutive, value.minConsecutive));
  const crossError = meta && fieldsValid ? detectorError(detector, params, value) : undefined;

  return (
    <>
      <InlineFieldRow>
        <InlineField label="Detector" labelWidth={labelWidth} tooltip="Which algorithm computes the band and score.">
          <Combobox
            width={32}
            value={detector}
            options={DETECTOR_OPTIONS as ComboboxOption[]}
            // A new detector starts from its own defaults: other detectors' parameters and sensitivity do not apply.
            onChange={(opt) =>
              opt.value !== detector && set({ detector: opt.value, params: {}, sensitivity: undefined })
            }
          />
        </InlineField>
      </InlineFieldRow>
      {meta ? (
        <Text color="secondary" variant="bodySmall">
          {meta.description}
          {meta.multivariate && multivariateNote ? ` ${multivariateNote}` : ''}
        </Text>
      ) : (
        <Text color="error">Unknown detector “{detector}”; pick one from the list.</Text>
      )}
      {own.length > 0 && (
        <InlineFieldRow>
          {own.map((spec) => (
            <ParamField
              key={`${detector}.${spec.name}`}
              detectorId={detector}
              spec={spec}
              value={params[spec.name]}
              onCommit={(v) => setParam(spec.name, v)}
              labelWidth={labelWidth}
            />
          ))}
        </InlineFieldRow>
      )}
      <InlineFieldRow>
        {sensitivity && (
          <ParamField
            key={`${detector}.sensitivity`}
            detectorId={detector}
            spec={sensitivity}
            value={value.sensitivity}
            onCommit={(v) => set({ sensitivity: v as number | undefined })}
            labelWidth={labelWidth}
          />
        )}
        {direction && (
          <InlineField label={direction.label} labelWidth={labelWidth} tooltip={paramHelp(direction)}>
            <RadioButtonGroup<Direction>
              size="sm"
              options={DIRECTION_OPTIONS}
              value={value.direction ?? 'both'}
              onChange={(d) => d !== (value.direction ?? 'both') && set({ direction: d })}
            />
          </InlineField>
        )}
        {minConsecutive && (
          <ParamField
            key={`${detector}.minConsecutive`}
            detectorId={detector}
            spec={minConsecutive}
            value={value.minConsecutive}
            onCommit={(v) => set({ minConsecutive: v as number | undefined })}
            labelWidth={labelWidth}
          />
        )}
      </InlineFieldRow>
      {crossError && (
        <Alert severity="error" title="Detector parameters">
          {crossError}
        </Alert>
      )}
    </>
  );
}

function known(id: string) {
  try {
    return getDetector(id);
  } catch {
    return undefined;
  }
}
