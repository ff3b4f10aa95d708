import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { DataSource } from '../datasource';
import { DEFAULT_QUERY, VigilQuery } from '../types';
import { isQueryValid, QueryEditor } from './QueryEditor';

// jsdom has no IntersectionObserver; @grafana/ui's select menu uses one only for scroll shadows.
beforeAll(() => {
  (window as any).IntersectionObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

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

async function pickDetector(name: string) {
  const input = screen.getByLabelText('Detector');
  fireEvent.keyDown(input, { key: 'ArrowDown' });
  fireEvent.click(await screen.findByText(name));
}

describe('QueryEditor', () => {
  it('shows the parameters of the chosen detector with their defaults as placeholders', () => {
    renderEditor(query({ detector: { type: 'zscore', params: {} } }));
    expect((screen.getByLabelText('window') as HTMLInputElement).placeholder).toBe('60');
    expect((screen.getByLabelText('Sensitivity') as HTMLInputElement).placeholder).toBe('3');
  });

  it('resets the detector parameters (and sensitivity) when the detector changes', async () => {
    const { onChange, onRunQuery } = renderEditor(
      query({ detector: { type: 'zscore', params: { window: 30 } }, sensitivity: 2 })
    );
    await pickDetector('Median absolute deviation');
    const next: VigilQuery = onChange.mock.calls[0][0];
    expect(next.detector).toEqual({ type: 'mad', params: {} });
    expect(next.sensitivity).toBeUndefined();
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('shows the registry message inline for an out-of-range parameter and does not run the query', () => {
    const { onRunQuery } = renderEditor(query({ detector: { type: 'zscore', params: { window: 1 } } }));
    expect(screen.getByText('zscore: parameter "window" must be between 2 and 100000, got 1')).toBeInTheDocument();
    fireEvent.blur(screen.getByLabelText('window'));
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('validates the top-level sensitivity against the detector range', () => {
    renderEditor(query({ detector: { type: 'isolation_forest', params: {} }, sensitivity: 3 }));
    expect(
      screen.getByText('isolation_forest: parameter "sensitivity" must be between 0.51 and 0.99, got 3')
    ).toBeInTheDocument();
  });

  it('stores a typed parameter as a number and an emptied one as unset', () => {
    const { onChange } = renderEditor(query({ detector: { type: 'zscore', params: { window: 30 } } }));
    fireEvent.change(screen.getByLabelText('window'), { target: { value: '120' } });
    expect(onChange.mock.calls[0][0].detector).toEqual({ type: 'zscore', params: { window: 120 } });
    fireEvent.change(screen.getByLabelText('window'), { target: { value: '' } });
    expect(onChange.mock.calls[1][0].detector).toEqual({ type: 'zscore', params: {} });
  });

  it('runs the query when the output mode changes', () => {
    const { onChange, onRunQuery } = renderEditor(query());
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
