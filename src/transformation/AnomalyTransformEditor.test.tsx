import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { standardTransformersRegistry } from '@grafana/data';
import { registryMetadata } from '../detectors';
import { DETECTOR_OPTIONS } from '../components/DetectorForm/paramChecks';
import { installJsdomStubs } from '../components/DetectorForm/testing/jsdomStubs';
import { pickDetector } from '../components/DetectorForm/testing/pickDetector';
import AnomalyTransformEditor from './AnomalyTransformEditor';
import { registerAnomalyTransformation } from './registerCodeSplit';
import { EditorStats, recorder, TransformationsTab } from './testing/TransformationsTab';
import { coreItems, minuteTimes, promSeriesFrame, spikySeries } from './testing/promFrames';

const input = [promSeriesFrame(minuteTimes(10), spikySeries(10, 5), { pod: 'a' }, { legend: 'api-a' })];
const zscore = registryMetadata().find((d) => d.id === 'zscore')!;

let undoStubs: () => void;
beforeAll(() => {
  undoStubs = installJsdomStubs();
  standardTransformersRegistry.setInit(() => coreItems('lazy') as any);
  registerAnomalyTransformation();
});
afterAll(() => undoStubs());

describe('Anomaly detection editor', () => {
  it('shows the detector’s help and its own parameters from the registry, with readable labels', () => {
    render(<AnomalyTransformEditor input={input} options={{ detector: 'zscore' }} onChange={jest.fn()} />);
    expect(screen.getByText(zscore.description)).toBeInTheDocument();
    expect(screen.getByLabelText('Window (points)')).toBeInTheDocument();
    expect(screen.getByLabelText('Sensitivity')).toBeInTheDocument();
    expect(screen.getByLabelText('Min consecutive points')).toBeInTheDocument();
    expect(screen.queryByText('window')).not.toBeInTheDocument();
    // Other detectors' parameters are not offered.
    expect(screen.queryByLabelText('Half-life (points)')).not.toBeInTheDocument();
  });

  it('saves a typed parameter on blur, keeping the other options', () => {
    const onChange = jest.fn();
    render(
      <AnomalyTransformEditor input={input} options={{ detector: 'zscore', minConsecutive: 2 }} onChange={onChange} />
    );
    const window = screen.getByPlaceholderText('60');
    fireEvent.change(window, { target: { value: '30' } });
    fireEvent.blur(window);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith(
      expect.objectContaining({ detector: 'zscore', params: { window: 30 }, minConsecutive: 2 })
    );
  });

  it('has a time zone for detectors with seasons, empty = the dashboard’s, saved on blur', () => {
    const onChange = jest.fn();
    const { rerender } = render(
      <AnomalyTransformEditor input={input} options={{ detector: 'seasonal' }} onChange={onChange} />
    );
    const zone = screen.getByLabelText('Time zone') as HTMLInputElement;
    expect(zone.placeholder).toBe('dashboard time zone');
    fireEvent.change(zone, { target: { value: 'America/New_York' } });
    fireEvent.blur(zone);
    expect(onChange).toHaveBeenCalledWith(
      expect.objectContaining({ detector: 'seasonal', timezone: 'America/New_York' })
    );
    rerender(<AnomalyTransformEditor input={input} options={{ detector: 'zscore' }} onChange={onChange} />);
    expect(screen.queryByLabelText('Time zone')).not.toBeInTheDocument();
  });

  it('says so when the saved detector is unknown', () => {
    render(<AnomalyTransformEditor input={input} options={{ detector: 'gone' }} onChange={jest.fn()} />);
    expect(screen.getByText(/Unknown detector “gone”/)).toBeInTheDocument();
  });
});

/** Lets effects, rxjs subscriptions and the transformation's promises run, then checks nothing moves any more. */
async function settle(stats: EditorStats) {
  for (let i = 0; i < 5; i++) {
    await act(() => new Promise((r) => setTimeout(r, 10)));
  }
  const before = { renders: stats.renders, changes: stats.changes };
  await act(() => new Promise((r) => setTimeout(r, 50)));
  expect({ renders: stats.renders, changes: stats.changes }).toEqual(before);
}

/** At most this many renders of the host per user action (measured: 1 or 2; a loop makes hundreds). */
const MAX_RENDERS_PER_ACTION = 10;

async function expectOneChange(stats: EditorStats, what: string, action: () => void) {
  const before = { renders: stats.renders, changes: stats.changes };
  action(); // fireEvent wraps each event in act, so the menu state updates between key presses
  await settle(stats);
  expect({ what, changes: stats.changes - before.changes }).toEqual({ what, changes: 1 });
  expect({ what, renders: stats.renders - before.renders <= MAX_RENDERS_PER_ACTION }).toEqual({ what, renders: true });
}

describe('Anomaly detection editor under a Grafana-like host', () => {
  it('settles after every detector, output and mode change: one onChange per action, a bounded number of renders', async () => {
    const data = [0, 1, 2].map((k) =>
      promSeriesFrame(minuteTimes(120), spikySeries(120, 60 + k), { pod: `p${k}` }, { legend: `p${k}` })
    );
    const stats: EditorStats = { renders: 0, changes: 0 };
    render(<TransformationsTab data={data} record={recorder(stats)} />);
    await settle(stats);
    expect(stats.changes).toBe(0); // mounting saves nothing

    // Saved with the defaults (auto), then every other detector in turn, and back to auto.
    for (const { value } of [...DETECTOR_OPTIONS.slice(1), DETECTOR_OPTIONS[0]]) {
      await expectOneChange(stats, `detector ${value}`, () => pickDetector(value));
      expect(stats.options?.detector).toBe(value);
    }
    for (const label of ['Expected', 'Band', 'Markers', 'Score']) {
      await expectOneChange(stats, `${label} off`, () => fireEvent.click(screen.getByLabelText(label)));
      await expectOneChange(stats, `${label} on`, () => fireEvent.click(screen.getByLabelText(label)));
    }
    await expectOneChange(stats, 'mode', () => fireEvent.click(screen.getByLabelText('Replace')));
    await expectOneChange(stats, 'direction', () => fireEvent.click(screen.getByLabelText('Up')));
    await expectOneChange(stats, 'parameter', () => {
      const sensitivity = screen.getByLabelText('Sensitivity');
      fireEvent.change(sensitivity, { target: { value: '1.5' } });
      fireEvent.blur(sensitivity);
    });
    expect(stats.options).toMatchObject({ detector: 'auto', mode: 'replace', direction: 'up', sensitivity: 1.5 });
  }, 60_000); // about 25 actions, each waited on until the host stops moving
});
