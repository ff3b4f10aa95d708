import { ChatMessage, Evidence, explanationMessages, templateNote } from '../../explain';
import { ExplainError } from './errors';

/** Who writes an explanation. */
export type ProviderId = 'llm-app' | 'datasource' | 'template';

/** A Vigil data source with an LLM endpoint configured (the second provider). */
export interface LLMDataSource {
  uid: string;
  name: string;
  model?: string;
}

/** What the explainer needs from Grafana; the panel passes the real ones, tests their own. */
export interface ExplainServices {
  llmAppEnabled(): Promise<boolean>;
  streamLLMApp(messages: ChatMessage[], onText: (text: string) => void, signal?: AbortSignal): Promise<void>;
  /** The Vigil data source whose configured endpoint explains, or undefined. Must not send any request. */
  llmDataSource(): LLMDataSource | undefined;
  streamDataSource(
    uid: string,
    messages: ChatMessage[],
    onText: (text: string) => void,
    signal?: AbortSignal
  ): Promise<{ model?: string }>;
}

/** A finished explanation: the Markdown, who wrote it (the label shown next to it) and, after a failed AI
 * provider, why the template stands in. */
export interface Explanation {
  text: string;
  provider: ProviderId;
  label: string;
  fallbackReason?: string;
}

export type ProviderMode = 'auto' | 'template';

/**
 * Writes the explanation of one event, choosing the provider automatically: (1) the Grafana LLM app when it is
 * enabled, streamed; (2) else the OpenAI-compatible endpoint of a Vigil data source, streamed through its
 * backend; (3) else the deterministic template. With mode 'template' no provider is asked (and no request sent).
 * When an AI provider fails — timeout, 401, 429, 5xx, a malformed answer — the template is returned with the
 * reason, so every event gets a note. onText receives the text so far while it streams.
 */
export async function writeExplanation(
  evidence: Evidence,
  services: ExplainServices,
  options: {
    mode: ProviderMode;
    timeZone?: string;
    signal?: AbortSignal;
    onText?: (text: string, label: string) => void;
  }
): Promise<Explanation> {
  const template = (label: string, fallbackReason?: string): Explanation => ({
    text: templateNote(evidence, { timeZone: options.timeZone }),
    provider: 'template',
    label,
    fallbackReason,
  });
  if (options.mode === 'template') {
    return template('Template (AI explanations are off in the panel options)');
  }
  const messages = explanationMessages(evidence, options.timeZone);
  const onText = options.onText ?? (() => undefined);

  if (await services.llmAppEnabled()) {
    const label = 'Grafana LLM app';
    let text = '';
    try {
      await services.streamLLMApp(messages, (t) => onText((text = t), label), options.signal);
      return { text, provider: 'llm-app', label };
    } catch (e) {
      return template('Template', `${label}: ${reason(e)}`);
    }
  }

  const ds = services.llmDataSource();
  if (ds) {
    let label = `OpenAI-compatible endpoint${ds.model ? ` (${ds.model})` : ''} via data source ${ds.name}`;
    let text = '';
    try {
      const { model } = await services.streamDataSource(
        ds.uid,
        messages,
        (t) => onText((text = t), label),
        options.signal
      );
      if (model && model !== ds.model) {
        label = `OpenAI-compatible endpoint (${model}) via data source ${ds.name}`;
      }
      return { text, provider: 'datasource', label };
    } catch (e) {
      return template('Template', `${label}: ${reason(e)}`);
    }
  }
  return template('Template (no LLM configured)');
}

function reason(e: unknown): string {
  if (e instanceof ExplainError) {
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}
