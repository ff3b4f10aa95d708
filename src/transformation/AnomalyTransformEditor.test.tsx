import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { registryMetadata } from '../detectors';
import AnomalyTransformEditor from './AnomalyTransformEditor';
import { minuteTimes, promSeriesFrame, spikySeries } from './testing/promFrames';

const input = [promSeriesFrame(minuteTimes(10), spikySeries(10, 5), { pod: 'a' }, { legend: 'api-a' })];
const zscore = registryMetadata().find((d) => d.id === 'zscore')!;

describe('Anomaly detection editor', () => {
  // jsdom has no canvas; @grafana/ui's comboboxes only measure text widths with it.
  const getContext = HTMLCanvasElement.prototype.getContext;
  beforeAll(() => {
    HTMLCanvasElement.prototype.getContext = (() => ({ measureText: (t: string) => ({ width: t.length * 7 }) })) as any;
  });
  afterAll(() => {
    HTMLCanvasElement.prototype.getContext = getContext;
  });

  it('shows the detector’s help and its own parameters from the registry', () => {
    render(<AnomalyTransformEditor input={input} options={{ detector: 'zscore' }} onChange={jest.fn()} />);
    expect(screen.getByText(zscore.description)).toBeInTheDocument();
    expect(screen.getByText('window')).toBeInTheDocument();
    expect(screen.getByText('sensitivity')).toBeInTheDocument();
    // Other detectors' parameters are not offered.
    expect(screen.queryByText('halfLife')).not.toBeInTheDocument();
  });

  it('saves a typed parameter on blur, keeping the other options', () => {
    const onChange = jest.fn();
    render(
      <AnomalyTransformEditor input={input} options={{ detector: 'zscore', minConsecutive: 2 }} onChange={onChange} />
    );
    const window = screen.getByPlaceholderText('60');
    fireEvent.change(window, { target: { value: '30' } });
    fireEvent.blur(window);
    expect(onChange).toHaveBeenCalledWith(
      expect.objectContaining({ detector: 'zscore', params: { window: 30 }, minConsecutive: 2 })
    );
  });

  it('says so when the saved detector is unknown', () => {
    render(<AnomalyTransformEditor input={input} options={{ detector: 'gone' }} onChange={jest.fn()} />);
    expect(screen.getByText(/Unknown detector “gone”/)).toBeInTheDocument();
  });
});
