import React from 'react';
import { CoreApp } from '@grafana/data';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { DataSource } from '../datasource';
import { DEFAULT_QUERY, VigilQuery } from '../types';
import { DETECTOR_OPTIONS } from '../../components/DetectorForm/paramChecks';
import { installJsdomStubs } from '../../components/DetectorForm/testing/jsdomStubs';
import { pickDetector } from '../../components/DetectorForm/testing/pickDetector';
import { OUTPUTS } from '../../outputs/outputs';
import { isQueryValid, QueryEditor } from './QueryEditor';
import { QueryEditorStats, QueryRows, recorder } from './testing/QueryRows';

let undoStubs: () => void;
beforeAll(() => (undoStubs = installJsdomStubs()));
afterAll(() => undoStubs());

function query(patch: Partial<VigilQuery> = {}): VigilQuery {
  return { ...DEFAULT_QUERY, refId: 'A', expr: 'up', ...patch } as VigilQuery;
}

function renderEditor(q: VigilQuery) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const utils = render(
    <QueryEditor query={q} onChange={onChange} onRunQuery={onRunQuery} datasource={{} as DataSource} />
  );
  return { ...utils, onChange, onRunQuery };
}

describe('QueryEditor', () => {
  it('shows the parameters of the chosen detector with readable labels and their defaults as placeholders', () => {
    renderEditor(query({ detector: { type: 'zscore', params: {} } }));
    expect((screen.getByLabelText('Window (points)') as HTMLInputElement).placeholder).toBe('60');
    expect((screen.getByLabelText('Sensitivity') as HTMLInputElement).placeholder).toBe('3');
    expect((screen.getByLabelText('Min consecutive points') as HTMLInputElement).value).toBe('1');
    // Labels, never raw ids.
    expect(screen.queryByText('window')).not.toBeInTheDocument();
    expect(screen.queryByText('minConsecutive')).not.toBeInTheDocument();
  });

  it('resets the detector parameters (and sensitivity) when the detector changes, and runs the query', () => {
    const { onChange, onRunQuery } = renderEditor(
      query({ detector: { type: 'zscore', params: { window: 30 } }, sensitivity: 2 })
    );
    pickDetector('mad');
    expect(onChange).toHaveBeenCalledTimes(1);
    const next: VigilQuery = onChange.mock.calls[0][0];
    expect(next.detector).toEqual({ type: 'mad', params: {} });
    expect(next.sensitivity).toBeUndefined();
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('has a time zone for detectors with daily and weekly seasons, committed on blur, checked as it is typed', () => {
    const { onChange, onRunQuery } = renderEditor(query({ detector: { type: 'seasonal', params: {} } }));
    const zone = screen.getByLabelText('Time zone') as HTMLInputElement;
    expect(zone.placeholder).toBe('dashboard time zone');
    // The detector form does not repeat it as a parameter.
    expect(screen.getAllByLabelText('Time zone')).toHaveLength(1);
    fireEvent.change(zone, { target: { value: 'europe/paris' } });
    expect(screen.getByText('Time zone names are case-sensitive: write Europe/Paris')).toBeInTheDocument();
    fireEvent.blur(zone);
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.change(zone, { target: { value: 'Europe/Paris' } });
    fireEvent.blur(zone);
    expect(onChange.mock.calls[0][0].timezone).toBe('Europe/Paris');
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    expect(isQueryValid(query({ timezone: 'Mars/Olympus' }))).toBe(false);
    expect(isQueryValid(query({ timezone: 'utc' }))).toBe(true);
  });

  it('offers only the outputs a rule can evaluate in the alert rule editor', () => {
    render(
      <QueryEditor
        query={query({ output: 'score' })}
        onChange={jest.fn()}
        onRunQuery={jest.fn()}
        datasource={{} as DataSource}
        app={CoreApp.UnifiedAlerting}
      />
    );
    expect(screen.getByRole('radio', { name: 'Score' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Anomaly' })).toBeInTheDocument();
    expect(screen.queryByRole('radio', { name: 'Band' })).not.toBeInTheDocument();
    expect(screen.queryByRole('radio', { name: 'Events' })).not.toBeInTheDocument();
  });

  it('has no time zone for detectors without seasons', () => {
    renderEditor(query({ detector: { type: 'zscore', params: {} } }));
    expect(screen.queryByLabelText('Time zone')).not.toBeInTheDocument();
  });

  it('does not call onChange when the detector already chosen is picked again', () => {
    const { onChange, onRunQuery } = renderEditor(query({ detector: { type: 'zscore', params: { window: 30 } } }));
    pickDetector('zscore');
    expect(onChange).not.toHaveBeenCalled();
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('shows the registry message inline for an out-of-range parameter and does not run the query', () => {
    const { onRunQuery } = renderEditor(query({ detector: { type: 'zscore', params: { window: 1 } } }));
    expect(screen.getByText('zscore: parameter "window" must be between 2 and 100000, got 1')).toBeInTheDocument();
    fireEvent.blur(screen.getByLabelText('Window (points)'));
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('validates the top-level sensitivity against the detector range', () => {
    renderEditor(query({ detector: { type: 'isolation_forest', params: {} }, sensitivity: 3 }));
    expect(
      screen.getByText('isolation_forest: parameter "sensitivity" must be between 0.51 and 0.99, got 3')
    ).toBeInTheDocument();
  });

  it('stores a typed parameter as a number when committed, and an emptied one as unset', () => {
    const { onChange, onRunQuery } = renderEditor(query({ detector: { type: 'zscore', params: { window: 30 } } }));
    const window = screen.getByLabelText('Window (points)');
    fireEvent.change(window, { target: { value: '120' } });
    expect(onChange).not.toHaveBeenCalled(); // typing alone saves nothing
    fireEvent.blur(window);
    expect(onChange.mock.calls[0][0].detector).toEqual({ type: 'zscore', params: { window: 120 } });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    fireEvent.change(window, { target: { value: '' } });
    fireEvent.keyDown(window, { key: 'Enter' });
    expect(onChange.mock.calls[1][0].detector).toEqual({ type: 'zscore', params: {} });
  });

  it('shows the message for a typed out-of-range value before it is committed', () => {
    renderEditor(query({ detector: { type: 'zscore', params: {} } }));
    fireEvent.change(screen.getByLabelText('Window (points)'), { target: { value: '1' } });
    expect(screen.getByText('zscore: parameter "window" must be between 2 and 100000, got 1')).toBeInTheDocument();
  });

  it('runs the query when the output mode changes; the outputs are the shared list', () => {
    const { onChange, onRunQuery } = renderEditor(query());
    expect(OUTPUTS.queryOutputs.map((o) => screen.getByLabelText(o.label))).toHaveLength(7);
    fireEvent.click(screen.getByLabelText('Score'));
    expect(onChange.mock.calls[0][0].output).toBe('score');
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('flags a malformed training window', () => {
    renderEditor(query({ trainingWindow: '7 days' }));
    expect(screen.getByText('Use a duration such as 12h, 7d or 2w')).toBeInTheDocument();
  });
});

describe('isQueryValid', () => {
  it('accepts defaults and rejects unknown detectors, parameters and bad values', () => {
    expect(isQueryValid(query())).toBe(true);
    expect(isQueryValid(query({ detector: { type: 'nope', params: {} } }))).toBe(false);
    expect(isQueryValid(query({ detector: { type: 'zscore', params: { bogus: 1 } } }))).toBe(false);
    expect(isQueryValid(query({ minConsecutive: 0 }))).toBe(false);
    expect(isQueryValid(query({ step: '1m' }))).toBe(true);
    expect(isQueryValid(query({ step: 'fast' }))).toBe(false);
  });
});

async function settle(stats: QueryEditorStats) {
  for (let i = 0; i < 5; i++) {
    await act(() => new Promise((r) => setTimeout(r, 10)));
  }
  const before = { renders: stats.renders, changes: stats.changes, runs: stats.runs };
  await act(() => new Promise((r) => setTimeout(r, 50)));
  expect({ renders: stats.renders, changes: stats.changes, runs: stats.runs }).toEqual(before);
}

/** At most this many renders of the host per user action (measured: 1 or 2; a loop makes hundreds). */
const MAX_RENDERS_PER_ACTION = 10;

async function expectOneChange(stats: QueryEditorStats, what: string, action: () => void) {
  const before = { renders: stats.renders, changes: stats.changes, runs: stats.runs };
  action(); // fireEvent wraps each event in act, so the menu state updates between key presses
  await settle(stats);
  expect({ what, changes: stats.changes - before.changes, runs: stats.runs - before.runs }).toEqual({
    what,
    changes: 1,
    runs: 1,
  });
  expect({ what, renders: stats.renders - before.renders <= MAX_RENDERS_PER_ACTION }).toEqual({ what, renders: true });
}

describe('QueryEditor under a Grafana-like host', () => {
  it('settles after every detector and output change: one onChange and one run per action, bounded renders', async () => {
    const stats: QueryEditorStats = { renders: 0, changes: 0, runs: 0 };
    render(<QueryRows record={recorder(stats)} />);
    await settle(stats);
    expect(stats.changes).toBe(0); // mounting saves nothing

    for (const { value } of [...DETECTOR_OPTIONS.slice(1), DETECTOR_OPTIONS[0]]) {
      await expectOneChange(stats, `detector ${value}`, () => pickDetector(value));
      expect(stats.query?.detector).toEqual({ type: value, params: {} });
    }
    for (const { label, id } of [...OUTPUTS.queryOutputs.slice(1), OUTPUTS.queryOutputs[0]]) {
      await expectOneChange(stats, `output ${id}`, () => fireEvent.click(screen.getByLabelText(label)));
      expect(stats.query?.output).toBe(id);
    }
    await expectOneChange(stats, 'direction', () => fireEvent.click(screen.getByLabelText('Down')));
    await expectOneChange(stats, 'parameter', () => {
      const input = screen.getByLabelText('Training points');
      fireEvent.change(input, { target: { value: '500' } });
      fireEvent.blur(input);
    });
    expect(stats.query).toMatchObject({
      detector: { type: 'auto', params: { trainingPoints: 500 } },
      direction: 'down',
    });
  }, 60_000); // about 25 actions, each waited on until the host stops moving
});
