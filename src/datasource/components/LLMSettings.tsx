import React, { useState } from 'react';
import { DataSourceJsonData, DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, RadioButtonGroup, SecretInput } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';

/** Which LLM the data source calls for explanations ('' = none: the panel uses Grafana's LLM app or the template). */
export type LLMProvider = '' | 'openai' | 'azure';

/** Plain explanation settings (jsonData); read by pkg/models/llm.go and by the panel to pick a provider. */
export interface LLMJsonData extends DataSourceJsonData {
  llmProvider?: LLMProvider;
  /** Base URL of an OpenAI-compatible API (…/v1), or the Azure OpenAI resource endpoint. */
  llmUrl?: string;
  /** Model name; for Azure the deployment name. */
  llmModel?: string;
  /** Azure OpenAI api-version; default 2024-10-21. */
  llmApiVersion?: string;
  llmTimeoutSeconds?: number;
}

/** Write-only: the API key, sent to the backend only and from there only to the configured host. */
export interface LLMSecureJsonData {
  llmApiKey?: string;
}

/** True when the data source's settings name an endpoint the backend can call (the panel's second provider). */
export function llmConfigured(jsonData: LLMJsonData | undefined): boolean {
  return Boolean(jsonData?.llmProvider && jsonData.llmUrl && jsonData.llmModel);
}

const PROVIDERS: Array<{ label: string; value: LLMProvider; description: string }> = [
  { label: 'None', value: '', description: 'The panel uses the Grafana LLM app if enabled, else the template' },
  { label: 'OpenAI-compatible', value: 'openai', description: 'OpenAI, Ollama, vLLM, LiteLLM, … (…/v1 API)' },
  { label: 'Azure OpenAI', value: 'azure', description: 'A deployment of an Azure OpenAI resource' },
];

/**
 * The "Explanations" section of the Vigil data source settings: an OpenAI-compatible endpoint the backend calls
 * for the explanations panel's AI notes. The API key is write-only (secureJsonData); the browser never sees it
 * again, and the backend sends it only to this URL's host.
 */
export function LLMSettings<J extends LLMJsonData, S extends object>({
  options,
  onOptionsChange,
}: DataSourcePluginOptionsEditorProps<J, S>) {
  const jd: LLMJsonData = options.jsonData;
  const provider: LLMProvider = jd.llmProvider ?? '';
  const url = jd.llmUrl ?? '';
  const urlError = url !== '' && !/^https?:\/\/[^\s/]+/.test(url);
  const [test, setTest] = useState<{ ok: boolean; message: string } | undefined>();
  const [testing, setTesting] = useState(false);

  const set = <K extends keyof LLMJsonData>(key: K, value: LLMJsonData[K]) =>
    onOptionsChange({ ...options, jsonData: { ...options.jsonData, [key]: value } });

  const runTest = async () => {
    setTesting(true);
    setTest(undefined);
    try {
      const res = await lastValueFrom(
        getBackendSrv().fetch<{ message: string }>({
          url: `/api/datasources/uid/${options.uid}/resources/llm/test`,
          method: 'POST',
          showErrorAlert: false,
        })
      );
      setTest({ ok: true, message: res.data.message });
    } catch (e: unknown) {
      const err = e as { data?: { error?: string; message?: string }; statusText?: string };
      setTest({ ok: false, message: err.data?.error ?? err.data?.message ?? err.statusText ?? String(e) });
    } finally {
      setTesting(false);
    }
  };

  return (
    <FieldSet label="Explanations (LLM)">
      <Field
        label="LLM endpoint"
        description="Used by the Anomaly explanations panel when the Grafana LLM app is not enabled. Without one, the panel writes a template explanation."
      >
        <RadioButtonGroup<LLMProvider> options={PROVIDERS} value={provider} onChange={(v) => set('llmProvider', v)} />
      </Field>
      {provider !== '' && (
        <>
          <Field
            label={provider === 'azure' ? 'Endpoint' : 'Base URL'}
            description={
              provider === 'azure'
                ? 'The resource endpoint, e.g. https://my-resource.openai.azure.com'
                : 'Up to /v1, as the Grafana server reaches it: https://api.openai.com/v1, http://ollama:11434/v1, http://vllm:8000/v1'
            }
            required
            invalid={urlError}
            error={urlError ? 'Enter a URL starting with http:// or https://' : undefined}
          >
            <Input
              id="vigil-llm-url"
              width={60}
              value={url}
              placeholder={provider === 'azure' ? 'https://my-resource.openai.azure.com' : 'https://api.openai.com/v1'}
              onChange={(e) => set('llmUrl', e.currentTarget.value.trim())}
            />
          </Field>
          <Field label={provider === 'azure' ? 'Deployment' : 'Model'} required>
            <Input
              id="vigil-llm-model"
              width={40}
              value={jd.llmModel ?? ''}
              placeholder={provider === 'azure' ? 'gpt-4o-mini' : 'gpt-4o-mini, llama3.1, …'}
              onChange={(e) => set('llmModel', e.currentTarget.value.trim())}
            />
          </Field>
          {provider === 'azure' && (
            <Field label="API version" description="Azure OpenAI api-version; default 2024-10-21.">
              <Input
                id="vigil-llm-api-version"
                width={24}
                value={jd.llmApiVersion ?? ''}
                placeholder="2024-10-21"
                onChange={(e) => set('llmApiVersion', e.currentTarget.value.trim() || undefined)}
              />
            </Field>
          )}
          <Field
            label="API key"
            description={
              provider === 'openai'
                ? 'Leave empty for servers without authentication (e.g. a local Ollama).'
                : undefined
            }
          >
            <SecretInput
              id="vigil-llm-api-key"
              aria-label="API key"
              width={40}
              isConfigured={Boolean(options.secureJsonFields?.llmApiKey)}
              value={(options.secureJsonData as LLMSecureJsonData | undefined)?.llmApiKey ?? ''}
              onChange={(e) =>
                onOptionsChange({
                  ...options,
                  secureJsonData: { ...options.secureJsonData, llmApiKey: e.currentTarget.value } as S,
                })
              }
              onReset={() =>
                onOptionsChange({
                  ...options,
                  secureJsonFields: { ...options.secureJsonFields, llmApiKey: false },
                  secureJsonData: { ...options.secureJsonData, llmApiKey: '' } as S,
                })
              }
            />
          </Field>
          <Field label="Timeout (seconds)" description="Per explanation; default 60.">
            <Input
              id="vigil-llm-timeout"
              type="number"
              min={1}
              max={600}
              width={16}
              placeholder="60"
              value={jd.llmTimeoutSeconds ?? ''}
              onChange={(e) => {
                const n = Number(e.currentTarget.value);
                set('llmTimeoutSeconds', e.currentTarget.value !== '' && n > 0 ? n : undefined);
              }}
            />
          </Field>
          <Button variant="secondary" icon="bolt" onClick={runTest} disabled={testing || !options.uid}>
            {testing ? 'Testing…' : 'Test LLM endpoint (uses the saved settings)'}
          </Button>
          {test && (
            <Alert
              severity={test.ok ? 'success' : 'error'}
              title={test.ok ? 'LLM endpoint works' : 'LLM endpoint failed'}
            >
              {test.message}
            </Alert>
          )}
        </>
      )}
    </FieldSet>
  );
}
