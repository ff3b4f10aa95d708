import type { ChatMessage } from '../../explain';
import { ExplainError } from './errors';

/**
 * The Grafana LLM app through @grafana/llm, loaded only when an explanation is asked for (its code, and the
 * Model Context Protocol client it brings, stay out of the panel's first load).
 */
async function load() {
  return (await import('@grafana/llm')).llm;
}

/**
 * Whether the Grafana LLM app is installed, enabled and healthy (@grafana/llm's enabled(): two reads of Grafana's
 * own plugin API, errors swallowed). False on any failure.
 */
export async function llmAppEnabled(): Promise<boolean> {
  try {
    return await (await load()).enabled();
  } catch {
    return false;
  }
}

/**
 * Streams a completion from the LLM app (over Grafana Live), calling onText with the text so far.
 * @throws ExplainError 'llm_app' with the app's message, 'timeout', 'canceled' or 'malformed' (no text).
 */
export async function streamFromLLMApp(
  messages: ChatMessage[],
  onText: (text: string) => void,
  options: { signal?: AbortSignal; timeoutMs?: number } = {}
): Promise<void> {
  const llm = await load();
  await new Promise<void>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      reject(new ExplainError('timeout', 'the Grafana LLM app did not finish the explanation in time'));
    }, options.timeoutMs ?? 120_000);
    const stop = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancel);
    };
    const cancel = () => {
      stop();
      subscription.unsubscribe();
      reject(new ExplainError('canceled', 'the explanation was cancelled'));
    };
    const subscription = llm
      .streamChatCompletions({ model: llm.Model.BASE, temperature: 0.2, messages })
      .pipe(llm.accumulateContent())
      .subscribe({
        next: (t: string) => {
          text = t;
          onText(t);
        },
        error: (e: unknown) => {
          stop();
          reject(
            new ExplainError('llm_app', `the Grafana LLM app failed: ${e instanceof Error ? e.message : String(e)}`)
          );
        },
        complete: () => {
          stop();
          if (text.trim()) {
            resolve();
          } else {
            reject(new ExplainError('malformed', 'the Grafana LLM app answered without any text'));
          }
        },
      });
    options.signal?.addEventListener('abort', cancel);
  });
}
