import React from 'react';
import { render, screen } from '@testing-library/react';
import { createDataFrame, FieldType, getDefaultTimeRange, LoadingState, PanelData, PanelProps } from '@grafana/data';
import { EventsPanel, PanelOptions } from './EventsPanel';

function props(series: PanelData['series']): PanelProps<PanelOptions> {
  return {
    data: { series, state: LoadingState.Done, timeRange: getDefaultTimeRange() },
    options: { maxEvents: 50 },
    width: 400,
    height: 300,
    timeZone: 'utc',
  } as unknown as PanelProps<PanelOptions>;
}

describe('EventsPanel', () => {
  it('lists each event with series, peak vs expected and score', () => {
    const frame = createDataFrame({
      name: 'events',
      fields: [
        { name: 'time', type: FieldType.time, values: [Date.UTC(2026, 0, 1, 12, 0)] },
        { name: 'timeEnd', type: FieldType.time, values: [Date.UTC(2026, 0, 1, 12, 5)] },
        { name: 'series', type: FieldType.string, values: ['api /checkout'] },
        { name: 'peakValue', type: FieldType.number, values: [812.5] },
        { name: 'expectedAtPeak', type: FieldType.number, values: [120] },
        { name: 'maxScore', type: FieldType.number, values: [6.25] },
        { name: 'direction', type: FieldType.string, values: ['up'] },
      ],
    });
    render(<EventsPanel {...props([frame])} />);
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByText('api /checkout')).toBeInTheDocument();
    expect(screen.getByText('score 6.3')).toBeInTheDocument();
    expect(screen.getByText(/peak 812.5\s*vs expected 120/)).toBeInTheDocument();
    expect(screen.getByText(/2026-01-01 12:00:00/)).toBeInTheDocument();
  });

  it('says so when the events frame is empty', () => {
    const empty = createDataFrame({ name: 'events', fields: [{ name: 'time', type: FieldType.time, values: [] }] });
    render(<EventsPanel {...props([empty])} />);
    expect(screen.getByText('No anomalies in this time range.')).toBeInTheDocument();
  });

  it('explains what to do when the data has no events frame', () => {
    const band = createDataFrame({
      name: 'A',
      fields: [
        { name: 'time', type: FieldType.time, values: [1] },
        { name: 'value', type: FieldType.number, values: [1] },
      ],
    });
    render(<EventsPanel {...props([band])} />);
    expect(screen.getByText(/Output set to Events/)).toBeInTheDocument();
  });
});
