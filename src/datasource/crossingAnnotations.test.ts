import { FieldType, toDataFrame } from '@grafana/data';
import { crossingAnnotations } from './crossingAnnotations';

describe('crossingAnnotations', () => {
  it('makes a point annotation per crossings row, with its title, text and tags', () => {
    // The columns pkg/frames/forecast.go Crossings writes (a subset; the others are facts for tables).
    const frame = toDataFrame({
      name: 'crossings',
      fields: [
        { name: 'time', type: FieldType.time, values: [1_700_050_000_000, 1_700_060_000_000] },
        {
          name: 'title',
          type: FieldType.string,
          values: ['db-1: the forecast band reaches 0 (below)', 'db-1: the forecast reaches 0 (below)'],
        },
        { name: 'text', type: FieldType.string, values: ['a', 'b'] },
        { name: 'tags', type: FieldType.string, values: ['vigil,forecast,band', 'vigil,forecast,expected'] },
        { name: 'secondsFromNow', type: FieldType.number, values: [50_000, 60_000] },
      ],
    });
    expect(crossingAnnotations([frame, toDataFrame({ name: 'other', fields: [] })])).toEqual([
      {
        time: 1_700_050_000_000,
        title: 'db-1: the forecast band reaches 0 (below)',
        text: 'a',
        tags: ['vigil', 'forecast', 'band'],
      },
      {
        time: 1_700_060_000_000,
        title: 'db-1: the forecast reaches 0 (below)',
        text: 'b',
        tags: ['vigil', 'forecast', 'expected'],
      },
    ]);
  });
});
