import React from 'react';
import { QueryEditorProps, SelectableValue } from '@grafana/data';
import { Alert, InlineField, InlineFieldRow, Input, RadioButtonGroup, Select, Stack, TextArea } from '@grafana/ui';

import { DataSource } from '../datasource';
import { DEFAULT_QUERY, Direction, OutputMode, ParamValue, VigilDataSourceOptions, VigilQuery } from '../types';
import { DURATION_RE } from './settings';
import { DETECTOR_OPTIONS, detectorError, detectorParamSpecs, paramError, specOf } from './detectorParams';
import { ParamInput } from './ParamInput';

type Props = QueryEditorProps<DataSource, VigilQuery, VigilDataSourceOptions>;

const OUTPUT_OPTIONS: Array<SelectableValue<OutputMode>> = [
  { label: 'Band', value: 'band', description: 'Series, expected value, band and red anomaly markers (panels)' },
  { label: 'Score', value: 'score', description: '0 = expected, 1 = band edge, > 1 outside (alerting)' },
  { label: 'Anomaly', value: 'anomaly', description: '1 where anomalous, 0 elsewhere (alerting)' },
  { label: 'Events', value: 'events', description: 'One row per anomaly event (tables, annotations)' },
];

const DIRECTION_OPTIONS: Array<SelectableValue<Direction>> = [
  { label: 'Both', value: 'both' },
  { label: 'Up', value: 'up' },
  { label: 'Down', value: 'down' },
];

/**
 * A Vigil query: PromQL, the detector with its parameters, and what to answer with. Parameter values are checked
 * with the detector registry as they are typed; a query with an invalid value is not run.
 */
export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  const q: VigilQuery = { ...DEFAULT_QUERY, ...query } as VigilQuery;
  const detectorId = q.detector?.type || 'auto';
  const params = q.detector?.params ?? {};
  const specs = detectorParamSpecs(detectorId);

  const sensitivitySpec = specOf(detectorId, 'sensitivity');
  const minConsecutiveSpec = specOf(detectorId, 'minConsecutive');
  const sensitivityError = sensitivitySpec && paramError(detectorId, sensitivitySpec, q.sensitivity);
  const minConsecutiveError = minConsecutiveSpec && paramError(detectorId, minConsecutiveSpec, q.minConsecutive);
  const paramErrors = Object.fromEntries(specs.map((s) => [s.name, paramError(detectorId, s, params[s.name])]));
  const fieldInvalid = Boolean(sensitivityError || minConsecutiveError || Object.values(paramErrors).some(Boolean));
  // Rules between parameters only make sense once each value is valid on its own.
  const crossError = fieldInvalid ? undefined : detectorError(q);
  const trainingInvalid = Boolean(q.trainingWindow) && !DURATION_RE.test(q.trainingWindow!);
  const stepInvalid = Boolean(q.step) && q.step !== 'auto' && !DURATION_RE.test(q.step!);
  const valid = !fieldInvalid && !crossError && !trainingInvalid && !stepInvalid;

  const runIfValid = (next: VigilQuery) => {
    if (isQueryValid(next)) {
      onRunQuery();
    }
  };
  const update = (patch: Partial<VigilQuery>, run = false) => {
    const next = { ...q, ...patch };
    onChange(next);
    if (run) {
      runIfValid(next);
    }
  };
  const commit = () => {
    if (valid) {
      onRunQuery();
    }
  };

  const setParam = (name: string, value: ParamValue | undefined) => {
    const nextParams = { ...params };
    if (value === undefined) {
      delete nextParams[name];
    } else {
      nextParams[name] = value;
    }
    update({ detector: { type: detectorId, params: nextParams } });
  };

  return (
    <Stack direction="column" gap={0.5}>
      <InlineField
        label="PromQL"
        labelWidth={18}
        grow
        tooltip="Any PromQL; template variables, $__interval and $__rate_interval are replaced."
      >
        <TextArea
          aria-label="PromQL"
          rows={2}
          placeholder='sum by (route) (rate(http_requests_total{job="api"}[$__rate_interval]))'
          value={q.expr}
          onChange={(e) => onChange({ ...q, expr: e.currentTarget.value })}
          onBlur={commit}
        />
      </InlineField>
      <InlineFieldRow>
        <InlineField label="Legend" labelWidth={18} tooltip="Series name, e.g. {{route}}; empty = the label set.">
          <Input
            aria-label="Legend"
            width={30}
            placeholder="{{instance}}"
            value={q.legendFormat ?? ''}
            onChange={(e) => onChange({ ...q, legendFormat: e.currentTarget.value })}
            onBlur={commit}
          />
        </InlineField>
        <InlineField label="Output" tooltip="What the query answers with.">
          <RadioButtonGroup<OutputMode>
            options={OUTPUT_OPTIONS}
            value={q.output}
            onChange={(output) => update({ output }, true)}
          />
        </InlineField>
      </InlineFieldRow>

      <InlineFieldRow>
        <InlineField
          label="Detector"
          labelWidth={18}
          tooltip={DETECTOR_OPTIONS.find((d) => d.value === detectorId)?.description}
        >
          <Select
            inputId="vigil-detector"
            aria-label="Detector"
            width={30}
            options={DETECTOR_OPTIONS}
            value={detectorId}
            onChange={(v) =>
              // Parameters (and the sensitivity, whose unit differs between detectors) belong to one detector.
              update({ detector: { type: v.value!, params: {} }, sensitivity: undefined }, true)
            }
          />
        </InlineField>
        {sensitivitySpec && (
          <ParamInput
            spec={sensitivitySpec}
            label="Sensitivity"
            value={q.sensitivity}
            error={sensitivityError}
            onChange={(v) => update({ sensitivity: v as number | undefined })}
            onCommit={commit}
          />
        )}
        <InlineField label="Direction" tooltip="Which deviations count: above the band, below it, or both.">
          <RadioButtonGroup<Direction>
            size="sm"
            options={DIRECTION_OPTIONS}
            value={q.direction ?? 'both'}
            onChange={(direction) => update({ direction }, true)}
          />
        </InlineField>
        {minConsecutiveSpec && (
          <ParamInput
            spec={minConsecutiveSpec}
            label="Min consecutive"
            value={q.minConsecutive}
            error={minConsecutiveError}
            onChange={(v) => update({ minConsecutive: v as number | undefined })}
            onCommit={commit}
          />
        )}
      </InlineFieldRow>

      {specs.length > 0 && (
        <InlineFieldRow>
          {specs.map((spec) => (
            <ParamInput
              key={`${detectorId}.${spec.name}`}
              spec={spec}
              value={params[spec.name]}
              error={paramErrors[spec.name]}
              onChange={(v) => setParam(spec.name, v)}
              onCommit={commit}
            />
          ))}
        </InlineFieldRow>
      )}

      <InlineFieldRow>
        <InlineField
          label="Training window"
          labelWidth={18}
          tooltip="History fetched before the visible range so the detector is warm; empty = the data source default."
          invalid={trainingInvalid}
          error={trainingInvalid ? 'Use a duration such as 12h, 7d or 2w' : undefined}
        >
          <Input
            aria-label="Training window"
            width={14}
            placeholder="default"
            value={q.trainingWindow ?? ''}
            onChange={(e) => update({ trainingWindow: e.currentTarget.value.trim() })}
            onBlur={commit}
          />
        </InlineField>
        <InlineField
          label="Step"
          tooltip="Detection step; auto keeps it stable across zoom levels."
          invalid={stepInvalid}
          error={stepInvalid ? 'Use auto or a duration such as 30s or 1m' : undefined}
        >
          <Input
            aria-label="Step"
            width={10}
            placeholder="auto"
            value={q.step === 'auto' ? '' : (q.step ?? '')}
            onChange={(e) => update({ step: e.currentTarget.value.trim() || 'auto' })}
            onBlur={commit}
          />
        </InlineField>
      </InlineFieldRow>

      {crossError && (
        <Alert severity="error" title="Detector parameters">
          {crossError}
        </Alert>
      )}
    </Stack>
  );
}

/** True when every value the editor checks is acceptable (so running the query cannot fail on parameters). */
export function isQueryValid(q: VigilQuery): boolean {
  const id = q.detector?.type || 'auto';
  const params = q.detector?.params ?? {};
  const checks: Array<[string, ParamValue | undefined]> = [
    ['sensitivity', q.sensitivity],
    ['minConsecutive', q.minConsecutive],
    ...Object.entries(params),
  ];
  for (const [name, value] of checks) {
    const spec = specOf(id, name);
    if (value !== undefined && (!spec || paramError(id, spec, value))) {
      return false;
    }
  }
  if (q.trainingWindow && !DURATION_RE.test(q.trainingWindow)) {
    return false;
  }
  if (q.step && q.step !== 'auto' && !DURATION_RE.test(q.step)) {
    return false;
  }
  return !detectorError(q);
}
