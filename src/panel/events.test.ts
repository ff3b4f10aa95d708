import { createDataFrame, FieldType } from '@grafana/data';
import { findEventFrames, readEvents } from './events';

const eventsFrame = () =>
  createDataFrame({
    name: 'events',
    fields: [
      { name: 'time', type: FieldType.time, values: [1000, 5000] },
      { name: 'timeEnd', type: FieldType.time, values: [2000, 5000] },
      { name: 'title', type: FieldType.string, values: ['Anomaly: a up', 'Anomaly: b down'] },
      { name: 'series', type: FieldType.string, values: ['a', 'b'] },
      { name: 'peakValue', type: FieldType.number, values: [42, 1] },
      { name: 'expectedAtPeak', type: FieldType.number, values: [10, 5] },
      { name: 'maxScore', type: FieldType.number, values: [4.2, 1.5] },
      { name: 'direction', type: FieldType.string, values: ['up', 'down'] },
      { name: 'points', type: FieldType.number, values: [3, 1] },
    ],
  });

describe('readEvents', () => {
  it('reads every event, newest first, with peak and expected values', () => {
    const events = readEvents([eventsFrame()]);
    expect(events.map((e) => e.series)).toEqual(['b', 'a']);
    expect(events[1]).toMatchObject({ start: 1000, end: 2000, peakValue: 42, expectedAtPeak: 10, maxScore: 4.2 });
    expect(events[1].direction).toBe('up');
  });

  it('ignores frames that are not events frames', () => {
    const band = createDataFrame({
      name: 'A',
      fields: [
        { name: 'time', type: FieldType.time, values: [1] },
        { name: 'value', type: FieldType.number, values: [1] },
      ],
    });
    expect(findEventFrames([band])).toHaveLength(0);
    expect(readEvents([band])).toEqual([]);
  });
});
