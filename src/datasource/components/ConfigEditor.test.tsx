import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { ConfigEditor } from './ConfigEditor';
import { Settings } from './settings';

function settings(patch: Partial<Settings> = {}): Settings {
  return {
    id: 1,
    uid: 'vigil',
    orgId: 1,
    name: 'Vigil',
    type: 'vigil-anomaly-datasource',
    typeName: 'Vigil',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    readOnly: false,
    withCredentials: false,
    jsonData: { prometheusUrl: 'http://prometheus:9090' },
    secureJsonFields: {},
    ...patch,
  } as Settings;
}

describe('ConfigEditor', () => {
  it('shows a saved secret as configured without its value and resets it on request', () => {
    const onChange = jest.fn();
    const options = settings({
      jsonData: { prometheusUrl: 'http://prometheus:9090', authType: 'bearer' },
      secureJsonFields: { bearerToken: true },
    });
    const { container } = render(<ConfigEditor options={options} onOptionsChange={onChange} />);

    const token = screen.getByLabelText('Token') as HTMLInputElement;
    expect(token.value).toBe('configured');
    expect(token).toBeDisabled();
    // The browser never had the secret; make sure nothing secret-looking is rendered either.
    expect(container.innerHTML).not.toMatch(/secret-token/);

    fireEvent.click(screen.getByRole('button', { name: /reset/i }));
    const next: Settings = onChange.mock.calls[0][0];
    expect(next.secureJsonFields.bearerToken).toBe(false);
    expect(next.secureJsonData?.bearerToken).toBe('');
  });

  it('writes a typed secret to secureJsonData only, never to jsonData', () => {
    const onChange = jest.fn();
    const options = settings({ jsonData: { prometheusUrl: 'http://p:9090', authType: 'basic', basicAuthUser: 'u' } });
    render(<ConfigEditor options={options} onOptionsChange={onChange} />);

    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret-token' } });
    const next: Settings = onChange.mock.calls[0][0];
    expect(next.secureJsonData?.basicAuthPassword).toBe('secret-token');
    expect(JSON.stringify(next.jsonData)).not.toContain('secret-token');
  });

  it('keeps custom header names in jsonData and their values secret', () => {
    const onChange = jest.fn();
    const options = settings({
      jsonData: { prometheusUrl: 'http://p:9090', authType: 'headers', httpHeaderName1: 'X-Scope-OrgID' },
      secureJsonFields: { httpHeaderValue1: true },
    });
    render(<ConfigEditor options={options} onOptionsChange={onChange} />);

    expect((screen.getByLabelText('Header name 1') as HTMLInputElement).value).toBe('X-Scope-OrgID');
    expect((screen.getByLabelText('Header value 1') as HTMLInputElement).value).toBe('configured');

    fireEvent.click(screen.getByRole('button', { name: 'Add header' }));
    expect(onChange.mock.calls[0][0].jsonData.httpHeaderName2).toBe('');
  });

  it('stores numeric limits as numbers and an empty field as the default', () => {
    const onChange = jest.fn();
    render(
      <ConfigEditor
        options={settings({ jsonData: { prometheusUrl: 'http://p:9090', timeoutSeconds: 10 } })}
        onOptionsChange={onChange}
      />
    );

    fireEvent.change(screen.getByLabelText(/Max series per query/), { target: { value: '200' } });
    expect(onChange.mock.calls[0][0].jsonData.maxSeries).toBe(200);
    fireEvent.change(screen.getByLabelText(/Timeout/), { target: { value: '' } });
    expect(onChange.mock.calls[1][0].jsonData.timeoutSeconds).toBeUndefined();
    fireEvent.change(screen.getByLabelText(/Max points per query/), { target: { value: '500000' } });
    expect(onChange.mock.calls[2][0].jsonData.maxTotalPoints).toBe(500000);
  });

  it('says what is wrong with a bad URL or training window', () => {
    const options = settings({ jsonData: { prometheusUrl: 'localhost:9090', defaultTrainingWindow: '7 days' } });
    render(<ConfigEditor options={options} onOptionsChange={jest.fn()} />);
    expect(screen.getByText('Enter a URL starting with http:// or https://')).toBeInTheDocument();
    expect(screen.getByText('Use a duration such as 12h, 7d or 2w')).toBeInTheDocument();
  });
});
