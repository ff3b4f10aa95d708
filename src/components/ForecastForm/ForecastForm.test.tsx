import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { CoreApp, standardTransformersRegistry } from '@grafana/data';
import { installJsdomStubs } from '../DetectorForm/testing/jsdomStubs';
import { DataSource } from '../../datasource/datasource';
import { isQueryValid, QueryEditor } from '../../datasource/components/QueryEditor';
import { DEFAULT_QUERY, VigilQuery } from '../../datasource/types';
import AnomalyTransformEditor from '../../transformation/AnomalyTransformEditor';
import { registerAnomalyTransformation } from '../../transformation/registerCodeSplit';
import { coreItems, minuteTimes, promSeriesFrame, spikySeries } from '../../transformation/testing/promFrames';
import { ForecastForm, horizonError } from './ForecastForm';

let undoStubs: () => void;
beforeAll(() => {
  undoStubs = installJsdomStubs();
  standardTransformersRegistry.setInit(() => coreItems('lazy') as any);
  registerAnomalyTransformation();
});
afterAll(() => undoStubs());

function type(label: string, text: string) {
  const input = screen.getByLabelText(label);
  fireEvent.change(input, { target: { value: text } });
  fireEvent.blur(input);
}

describe('ForecastForm', () => {
  it('commits the horizon on blur, and only a change', () => {
    const onChange = jest.fn();
    render(<ForecastForm value={{ horizon: '1d' }} onChange={onChange} withThreshold={false} />);
    expect(screen.queryByLabelText('Threshold')).not.toBeInTheDocument();
    type('Horizon', '1d');
    expect(onChange).not.toHaveBeenCalled();
    type('Horizon', '12h');
    expect(onChange).toHaveBeenCalledWith({ horizon: '12h' });
  });

  it('says what a horizon must look like as it is typed', () => {
    render(<ForecastForm value={{ horizon: '' }} onChange={jest.fn()} withThreshold={false} />);
    fireEvent.change(screen.getByLabelText('Horizon'), { target: { value: 'tomorrow' } });
    expect(screen.getByText('Use a duration such as 1d, 12h or 30m')).toBeInTheDocument();
    expect(horizonError('1h30m')).toBeUndefined();
    expect(horizonError('')).toBeUndefined();
  });

  it('sets a threshold with its direction (above by default) and clears it when emptied', () => {
    const onChange = jest.fn();
    const { rerender } = render(<ForecastForm value={{ horizon: '' }} onChange={onChange} withThreshold />);
    type('Threshold', '0');
    expect(onChange).toHaveBeenLastCalledWith({ horizon: '', threshold: { value: 0, direction: 'above' } });
    rerender(
      <ForecastForm
        value={{ horizon: '', threshold: { value: 0, direction: 'above' } }}
        onChange={onChange}
        withThreshold
      />
    );
    fireEvent.click(screen.getByLabelText('Below'));
    expect(onChange).toHaveBeenLastCalledWith({ horizon: '', threshold: { value: 0, direction: 'below' } });
    type('Threshold', '');
    expect(onChange).toHaveBeenLastCalledWith({ horizon: '', threshold: undefined });
  });
});

describe('the forecast options in the editors', () => {
  const query = (patch: Partial<VigilQuery>) => ({ ...DEFAULT_QUERY, refId: 'A', expr: 'up', ...patch }) as VigilQuery;

  it('query editor: shows them for the forecasting outputs only, the threshold where it is used, and runs', () => {
    const onChange = jest.fn();
    const onRunQuery = jest.fn();
    const props = { onChange, onRunQuery, datasource: {} as DataSource };
    const { rerender } = render(<QueryEditor {...props} query={query({ output: 'band' })} />);
    expect(screen.queryByLabelText('Horizon')).not.toBeInTheDocument();
    rerender(<QueryEditor {...props} query={query({ output: 'forecast' })} />);
    expect(screen.queryByLabelText('Threshold')).not.toBeInTheDocument();
    rerender(<QueryEditor {...props} query={query({ output: 'threshold' })} />);
    type('Horizon', '2d');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ output: 'threshold', horizon: '2d' }));
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    type('Threshold', '0');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ threshold: { value: 0, direction: 'above' } }));
  });

  it('query editor: a query with a bad horizon is not run', () => {
    expect(isQueryValid(query({ output: 'forecast', horizon: 'soon' }))).toBe(false);
    expect(isQueryValid(query({ output: 'forecast', horizon: '6h' }))).toBe(true);
  });

  it('transformation editor: a switch turns the forecast on, then its options show', () => {
    const input = [promSeriesFrame(minuteTimes(10), spikySeries(10, 5), { pod: 'a' })];
    const onChange = jest.fn();
    const { rerender } = render(<AnomalyTransformEditor input={input} options={{}} onChange={onChange} />);
    expect(screen.queryByLabelText('Horizon')).not.toBeInTheDocument();
    fireEvent.click(screen.getByLabelText('Forecast'));
    const on = onChange.mock.calls[0][0];
    expect(on.forecast).toEqual({ enabled: true, horizon: '' });
    rerender(<AnomalyTransformEditor input={input} options={on} onChange={onChange} />);
    type('Threshold', '90');
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({
        forecast: { enabled: true, horizon: '', threshold: { value: 90, direction: 'above' } },
      })
    );
  });

  it('data source: an annotation query on the crossings output gives annotations in the future', () => {
    const ds = new DataSource({ id: 1, uid: 'v', type: 'vigil', name: 'Vigil', jsonData: {} } as any);
    const target = query({ output: 'crossings', threshold: { value: 0, direction: 'below' }, horizon: '2d' });
    const prepared = ds.annotations.prepareQuery!({ name: 'Disk full', enable: true, iconColor: 'red', target });
    expect(prepared?.output).toBe('crossings');
    expect(ds.getDefaultQuery(CoreApp.Dashboard).output).toBe('band');
  });
});
