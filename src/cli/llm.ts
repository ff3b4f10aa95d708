import OpenAI from 'openai';
import { Evidence, explanationMessages } from '../explain';

/** The OpenAI-compatible endpoint from OPENAI_BASE_URL / OPENAI_API_KEY / OPENAI_MODEL, or why there is none. */
export interface LLMEndpoint {
  baseURL: string;
  apiKey: string;
  model: string;
}

/**
 * The endpoint for --llm: OPENAI_MODEL and at least one of OPENAI_BASE_URL (Ollama, vLLM, … need no key) or
 * OPENAI_API_KEY (api.openai.com by default). Returns a reason string when it is not configured.
 */
export function llmEndpoint(env: Record<string, string | undefined>): LLMEndpoint | string {
  const model = env.OPENAI_MODEL;
  const baseURL = env.OPENAI_BASE_URL || 'https://api.openai.com/v1';
  if (!model) {
    return 'OPENAI_MODEL is not set';
  }
  if (!env.OPENAI_BASE_URL && !env.OPENAI_API_KEY) {
    return 'neither OPENAI_BASE_URL nor OPENAI_API_KEY is set';
  }
  return { baseURL, apiKey: env.OPENAI_API_KEY || 'none', model };
}

/**
 * Writes the note of one event with the endpoint, through the official openai SDK (no retries: a failure falls
 * back to the template right away). The prompt is the panel's (explanationMessages: quoted, capped evidence).
 * @throws Error with a message that never contains the API key.
 */
export async function llmNote(
  endpoint: LLMEndpoint,
  evidence: Evidence,
  timeZone: string,
  timeoutMs = 60_000
): Promise<string> {
  const client = new OpenAI({ baseURL: endpoint.baseURL, apiKey: endpoint.apiKey, maxRetries: 0, timeout: timeoutMs });
  try {
    const res = await client.chat.completions.create({
      model: endpoint.model,
      messages: explanationMessages(evidence, timeZone),
      temperature: 0.2,
      max_tokens: 900,
    });
    const text = res.choices?.[0]?.message?.content?.trim();
    if (!text) {
      throw new Error(`the endpoint at ${endpoint.baseURL} answered without any text`);
    }
    return text;
  } catch (e) {
    const err = e as { status?: number; message?: string };
    const what = err.status ? `answered ${err.status}: ${err.message}` : (err.message ?? String(e));
    throw new Error(redact(`LLM endpoint ${endpoint.baseURL} ${what}`, endpoint.apiKey));
  }
}

function redact(text: string, key: string): string {
  return key && key !== 'none' ? text.split(key).join('[redacted]') : text;
}
