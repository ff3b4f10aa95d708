/**
 * @jest-environment node
 */
import { buildEvidence, ExplainEvent } from '../../explain';
import { ExplainError } from './errors';
import { ExplainServices, writeExplanation } from './explainer';

const event: ExplainEvent = {
  id: 'a@0',
  seriesKey: 'a',
  seriesName: 'checkout latency',
  labels: { __name__: 'http_request_duration_seconds' },
  start: 0,
  end: 120_000,
  peakTime: 60_000,
  peakValue: 0.8,
  expectedAtPeak: 0.2,
  maxScore: 5,
  direction: 'up',
  points: 3,
  detector: 'mad',
  source: 'events',
};
const evidence = buildEvidence(event, { events: [event] });

function services(over: Partial<ExplainServices>): { s: ExplainServices; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    s: {
      llmAppEnabled: async () => false,
      streamLLMApp: async () => void asked.push('llm-app'),
      llmDataSource: () => undefined,
      streamDataSource: async () => (asked.push('datasource'), {}),
      ...over,
    },
  };
}

describe('writeExplanation', () => {
  it('prefers the LLM app and never asks the data source then', async () => {
    const { s, asked } = services({
      llmAppEnabled: async () => true,
      streamLLMApp: async (_m, onText) => {
        asked.push('llm-app');
        onText('**Summary.** slow');
      },
      llmDataSource: () => ({ uid: 'v', name: 'Vigil' }),
    });
    const x = await writeExplanation(evidence, s, { mode: 'auto' });
    expect(x).toMatchObject({ provider: 'llm-app', label: 'Grafana LLM app', text: '**Summary.** slow' });
    expect(asked).toEqual(['llm-app']);
  });

  it('falls back to the template with the reason when the LLM app fails', async () => {
    const { s } = services({
      llmAppEnabled: async () => true,
      streamLLMApp: async () => {
        throw new ExplainError('timeout', 'the Grafana LLM app did not finish the explanation in time');
      },
    });
    const x = await writeExplanation(evidence, s, { mode: 'auto' });
    expect(x.provider).toBe('template');
    expect(x.fallbackReason).toBe('Grafana LLM app: the Grafana LLM app did not finish the explanation in time');
    expect(x.text).toMatch(/^\*\*Summary\.\*\* Latency/);
  });

  it('names the model the endpoint reported', async () => {
    const { s } = services({
      llmDataSource: () => ({ uid: 'v', name: 'Vigil', model: 'gpt-4o' }),
      streamDataSource: async (_u, _m, onText) => (onText('note'), { model: 'gpt-4o-2024-08-06' }),
    });
    const x = await writeExplanation(evidence, s, { mode: 'auto' });
    expect(x.label).toBe('OpenAI-compatible endpoint (gpt-4o-2024-08-06) via data source Vigil');
  });
});
