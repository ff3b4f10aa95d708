import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { ConfigEditor } from './ConfigEditor';
import { llmConfigured } from './LLMSettings';
import { Settings } from './settings';

function settings(jsonData: Record<string, unknown>, secureJsonFields: Record<string, boolean> = {}): Settings {
  return {
    id: 1,
    uid: 'vigil',
    orgId: 1,
    name: 'Vigil',
    type: 'vigil-anomaly-datasource',
    access: 'proxy',
    jsonData: { prometheusUrl: 'http://prometheus:9090', ...jsonData },
    secureJsonFields,
  } as unknown as Settings;
}

describe('LLM settings in the data source config editor', () => {
  it('shows no endpoint fields until a provider is chosen, then writes it to jsonData', () => {
    const onChange = jest.fn();
    render(<ConfigEditor options={settings({})} onOptionsChange={onChange} />);
    expect(document.getElementById('vigil-llm-url')).toBeNull();
    fireEvent.click(screen.getByText('OpenAI-compatible'));
    expect(onChange.mock.calls[0][0].jsonData.llmProvider).toBe('openai');
  });

  it('writes URL and model to jsonData and the API key only to secureJsonData', () => {
    const onChange = jest.fn();
    render(<ConfigEditor options={settings({ llmProvider: 'openai' })} onOptionsChange={onChange} />);
    fireEvent.change(document.getElementById('vigil-llm-url')!, { target: { value: ' http://ollama:11434/v1 ' } });
    expect(onChange.mock.calls[0][0].jsonData.llmUrl).toBe('http://ollama:11434/v1');
    fireEvent.change(document.getElementById('vigil-llm-model')!, { target: { value: 'llama3.1' } });
    expect(onChange.mock.calls[1][0].jsonData.llmModel).toBe('llama3.1');
    fireEvent.change(screen.getByLabelText('API key'), { target: { value: 'sk-typed' } });
    const next = onChange.mock.calls[2][0];
    expect(next.secureJsonData.llmApiKey).toBe('sk-typed');
    expect(JSON.stringify(next.jsonData)).not.toContain('sk-typed');
  });

  it('shows a saved key as configured, never its value, and resets it', () => {
    const onChange = jest.fn();
    const { container } = render(
      <ConfigEditor
        options={settings(
          { llmProvider: 'azure', llmUrl: 'https://r.openai.azure.com', llmModel: 'prod' },
          { llmApiKey: true }
        )}
        onOptionsChange={onChange}
      />
    );
    expect(screen.getByText(/^Deployment/)).toBeInTheDocument();
    expect(screen.getByText('API version')).toBeInTheDocument();
    const key = screen.getByLabelText('API key') as HTMLInputElement;
    expect(key.value).toBe('configured');
    expect(container.innerHTML).not.toMatch(/sk-/);
    const resets = screen.getAllByRole('button', { name: /reset/i });
    fireEvent.click(resets[resets.length - 1]);
    const next = onChange.mock.calls[0][0];
    expect(next.secureJsonFields.llmApiKey).toBe(false);
    expect(next.secureJsonData.llmApiKey).toBe('');
  });

  it('says the endpoint is configured only with provider, URL and model', () => {
    expect(llmConfigured({ llmProvider: 'openai', llmUrl: 'http://x/v1', llmModel: 'm' })).toBe(true);
    expect(llmConfigured({ llmProvider: 'openai', llmUrl: 'http://x/v1' })).toBe(false);
    expect(llmConfigured({ llmUrl: 'http://x/v1', llmModel: 'm' })).toBe(false);
    expect(llmConfigured(undefined)).toBe(false);
  });
});
