import React, { createElement, useEffect, useMemo, useState } from 'react';
import { DataFrame, DataTransformerConfig, transformDataFrame } from '@grafana/data';
import AnomalyTransformEditor from '../AnomalyTransformEditor';
import { ANOMALY_TRANSFORMATION_ID } from '../id';
import { AnomalyTransformOptions } from '../options';

export interface EditorStats {
  /** Renders of the host (the tab and its row). */
  renders: number;
  /** onChange calls of the editor. */
  changes: number;
  /** The last options the editor saved. */
  options?: Partial<AnomalyTransformOptions>;
}

/** A recorder for the host: counts renders and changes into `stats` and stops a runaway loop. */
export function recorder(stats: EditorStats) {
  return {
    render: () => {
      stats.renders++;
    },
    change: (options: Partial<AnomalyTransformOptions>) => {
      stats.changes++;
      stats.options = options;
      if (stats.changes > 200) {
        throw new Error('onChange keeps being called: the editor does not settle');
      }
    },
  };
}

/**
 * The editor as Grafana hosts it (PanelDataTransformationsTab → TransformationOperationRow → TransformationEditor in
 * grafana/grafana): every onChange replaces the saved transformation; every render rebuilds the row configs; the
 * row re-derives the editor's input and re-runs the transformation in effects; the editor gets a new options object
 * (defaults spread with the saved options) and a new onChange on each of those renders.
 */
function OperationRow(props: {
  configs: Array<{ id: string; transformation: DataTransformerConfig }>;
  data: DataFrame[];
  onChange: (index: number, config: DataTransformerConfig) => void;
}) {
  const { configs, data, onChange } = props;
  const [rowInput, setInput] = useState<DataFrame[]>([]);
  const [output, setOutput] = useState<DataFrame[]>([]);
  useEffect(() => {
    const a = transformDataFrame([], data).subscribe(setInput);
    const b = transformDataFrame(
      configs.map((c) => c.transformation),
      data
    ).subscribe(setOutput);
    return () => {
      a.unsubscribe();
      b.unsubscribe();
    };
  }, [data, configs]);
  const config = configs[0];
  const editor = useMemo(
    () =>
      createElement(AnomalyTransformEditor, {
        options: { ...config.transformation.options },
        input: rowInput,
        onChange: (options: Partial<AnomalyTransformOptions>) => onChange(0, { ...config.transformation, options }),
      }),
    [config.transformation, rowInput, onChange]
  );
  return <div data-frames={output.length}>{editor}</div>;
}

export function TransformationsTab({ data, record }: { data: DataFrame[]; record: ReturnType<typeof recorder> }) {
  const [transformations, setTransformations] = useState<DataTransformerConfig[]>([
    { id: ANOMALY_TRANSFORMATION_ID, options: {} },
  ]);
  const configs = transformations.map((t, i) => ({ id: `${i} - ${t.id}`, transformation: t }));
  useEffect(() => record.render()); // after every render of the tab
  return (
    <OperationRow
      configs={configs}
      data={data}
      onChange={(index, transformation) => {
        record.change(transformation.options);
        const next = transformations.slice();
        next[index] = transformation;
        setTransformations(next);
      }}
    />
  );
}
