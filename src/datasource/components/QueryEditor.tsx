import React from 'react';
import { CoreApp, QueryEditorProps } from '@grafana/data';
import { InlineField, InlineFieldRow, Input, RadioButtonGroup, Stack, TextArea } from '@grafana/ui';

import { DetectorChoice, DetectorForm } from '../../components/DetectorForm/DetectorForm';
import { detectorError, paramError, specOf } from '../../components/DetectorForm/paramChecks';
import { useEditorChange } from '../../components/DetectorForm/editorChange';
import { ForecastForm, horizonError } from '../../components/ForecastForm/ForecastForm';
import { TimeZoneField } from '../../components/TimeZoneField/TimeZoneField';
import { timeZoneProblem } from '../../components/TimeZoneField/timeZone';
import { FORECAST_OUTPUTS, OUTPUTS, QueryOutput } from '../../outputs/outputs';
import { DataSource } from '../datasource';
import { DEFAULT_QUERY, ParamValue, VigilDataSourceOptions, VigilQuery } from '../types';
import { DURATION_RE } from './settings';

type Props = QueryEditorProps<DataSource, VigilQuery, VigilDataSourceOptions>;

const LABEL_WIDTH = 18;

/** The query outputs from the shared description (pkg/outputs/outputs.json), which the backend accepts too. */
const OUTPUT_OPTIONS = OUTPUTS.queryOutputs.map((o) => ({ label: o.label, value: o.id, description: o.description }));

/** The outputs an alert or recording rule can evaluate: the backend refuses band, forecast, events and crossings there. */
const RULE_OUTPUT_OPTIONS = OUTPUT_OPTIONS.filter(
  (o) => o.value === 'score' || o.value === 'anomaly' || o.value === 'threshold'
);

/**
 * A Vigil query: PromQL, the detector with its parameters (the form shared with the transformation editor), and
 * what to answer with. Parameter values are checked with the detector registry as they are typed; a query with an
 * invalid value is not run. onChange (and a run) happen only for a real change (useEditorChange), so the editor settles
 * under Grafana, which feeds every change back as a new query (QueryEditor.test.tsx, tests/browser/editors.ts).
 */
export function QueryEditor({ query, onChange, onRunQuery, app }: Props) {
  const q: VigilQuery = { ...DEFAULT_QUERY, ...query } as VigilQuery;
  const trainingInvalid = Boolean(q.trainingWindow) && !DURATION_RE.test(q.trainingWindow!);
  const stepInvalid = Boolean(q.step) && q.step !== 'auto' && !DURATION_RE.test(q.step!);

  const send = useEditorChange(q, onChange);
  const update = (patch: Partial<VigilQuery>, run = false) => {
    const next = { ...q, ...patch };
    if (send(next) && run && isQueryValid(next)) {
      onRunQuery();
    }
  };
  const commit = () => {
    if (isQueryValid(q)) {
      onRunQuery();
    }
  };
  const choice: DetectorChoice = {
    detector: q.detector?.type || 'auto',
    params: q.detector?.params ?? {},
    sensitivity: q.sensitivity,
    direction: q.direction,
    minConsecutive: q.minConsecutive,
  };

  return (
    <Stack direction="column" gap={0.5}>
      <InlineField
        label="PromQL"
        labelWidth={LABEL_WIDTH}
        grow
        tooltip="Any PromQL. Dashboard variables are replaced in the browser; $__interval, $__rate_interval and $__range on the server, with the detection step and the scrape interval, as Grafana's Prometheus data source does."
      >
        <TextArea
          aria-label="PromQL"
          rows={2}
          placeholder='sum by (route) (rate(http_requests_total{job="api"}[$__rate_interval]))'
          value={q.expr}
          onChange={(e) => update({ expr: e.currentTarget.value })}
          onBlur={commit}
        />
      </InlineField>
      <InlineFieldRow>
        <InlineField
          label="Legend"
          labelWidth={LABEL_WIDTH}
          tooltip="Series name, e.g. {{route}}; empty = the label set."
        >
          <Input
            aria-label="Legend"
            width={30}
            placeholder="{{instance}}"
            value={q.legendFormat ?? ''}
            onChange={(e) => update({ legendFormat: e.currentTarget.value })}
            onBlur={commit}
          />
        </InlineField>
        <InlineField label="Output" tooltip="What the query answers with.">
          <RadioButtonGroup<QueryOutput>
            options={app === CoreApp.UnifiedAlerting ? RULE_OUTPUT_OPTIONS : OUTPUT_OPTIONS}
            value={q.output}
            onChange={(output) => update({ output }, true)}
          />
        </InlineField>
      </InlineFieldRow>

      <DetectorForm
        value={choice}
        labelWidth={LABEL_WIDTH}
        onChange={(next) =>
          update(
            {
              detector: { type: next.detector, params: next.params },
              sensitivity: next.sensitivity,
              direction: next.direction,
              minConsecutive: next.minConsecutive,
            },
            true
          )
        }
      />

      {FORECAST_OUTPUTS.includes(q.output) && (
        <ForecastForm
          value={{ horizon: q.horizon ?? '', threshold: q.threshold }}
          labelWidth={LABEL_WIDTH}
          withThreshold={q.output !== 'forecast'}
          onChange={(next) => update({ horizon: next.horizon || undefined, threshold: next.threshold }, true)}
        />
      )}

      <InlineFieldRow>
        <InlineField
          label="Training window"
          labelWidth={LABEL_WIDTH}
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
        {specOf(choice.detector, 'timezone') && (
          <TimeZoneField
            key={q.timezone ?? ''}
            value={q.timezone}
            placeholder="dashboard time zone"
            tooltip="Time zone of daily and weekly seasons, an IANA name such as Europe/Paris. Empty: the dashboard's time zone in panels, the data source's default time zone in alert and recording rules."
            onCommit={(timezone) => update({ timezone }, true)}
          />
        )}
      </InlineFieldRow>
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
  if (timeZoneProblem(q.timezone) || (q.horizon && horizonError(q.horizon))) {
    return false;
  }
  return !detectorError(id, params, q);
}
