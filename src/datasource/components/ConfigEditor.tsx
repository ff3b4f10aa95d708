import React from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import {
  Divider,
  Field,
  FieldSet,
  InlineSwitch,
  Input,
  RadioButtonGroup,
  SecretInput,
  SecretTextArea,
} from '@grafana/ui';

import { AuthType, SETTINGS_DEFAULTS, VigilDataSourceOptions, VigilSecureJsonData } from '../types';
import { CustomHeaders } from './CustomHeaders';
import { LLMSettings } from './LLMSettings';
import { DURATION_RE, parsePositiveInt, SecureKey, withJson, withSecret, withSecretReset } from './settings';

type Props = DataSourcePluginOptionsEditorProps<VigilDataSourceOptions, VigilSecureJsonData>;

const AUTH_OPTIONS: Array<{ label: string; value: AuthType; description: string }> = [
  { label: 'No auth', value: 'none', description: 'Prometheus needs no credentials' },
  { label: 'Basic auth', value: 'basic', description: 'User and password' },
  { label: 'Bearer token', value: 'bearer', description: 'Authorization: Bearer <token>' },
  { label: 'Custom headers', value: 'headers', description: 'Any headers, e.g. an API key or tenant id' },
];

/**
 * Settings of a Vigil data source: where Prometheus is, how to authenticate, and the limits of a query.
 * Secrets are written to secureJsonData only; once saved the browser only learns that they are set
 * (secureJsonFields) and can reset them, never read them.
 */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData } = options;
  const authType: AuthType = jsonData.authType ?? 'none';
  const url = jsonData.prometheusUrl ?? '';
  const urlError = url !== '' && !/^https?:\/\/[^\s/]+/.test(url);
  const trainingWindow = jsonData.defaultTrainingWindow ?? '';
  const trainingError = trainingWindow !== '' && !DURATION_RE.test(trainingWindow);

  const setJson = <K extends keyof VigilDataSourceOptions>(key: K, value: VigilDataSourceOptions[K]) =>
    onOptionsChange(withJson(options, key, value));

  const secret = (key: SecureKey, label: string, placeholder: string) => (
    <Field label={label}>
      <SecretInput
        id={`vigil-${key}`}
        aria-label={label}
        width={40}
        placeholder={placeholder}
        isConfigured={Boolean(options.secureJsonFields?.[key])}
        value={options.secureJsonData?.[key] ?? ''}
        onChange={(e) => onOptionsChange(withSecret(options, key, e.currentTarget.value))}
        onReset={() => onOptionsChange(withSecretReset(options, key))}
      />
    </Field>
  );

  return (
    <>
      <FieldSet label="Prometheus">
        <Field
          label="Prometheus URL"
          description="Base URL of the Prometheus HTTP API, as seen from the Grafana server."
          required
          invalid={urlError}
          error={urlError ? 'Enter a URL starting with http:// or https://' : undefined}
        >
          <Input
            id="vigil-prometheus-url"
            width={60}
            placeholder="http://localhost:9090"
            value={url}
            onChange={(e) => setJson('prometheusUrl', e.currentTarget.value.trim())}
          />
        </Field>
        <Field
          label="Timeout (seconds)"
          description={`Per request to Prometheus; default ${SETTINGS_DEFAULTS.timeoutSeconds}.`}
        >
          <Input
            id="vigil-timeout"
            type="number"
            min={1}
            width={16}
            placeholder={String(SETTINGS_DEFAULTS.timeoutSeconds)}
            value={jsonData.timeoutSeconds ?? ''}
            onChange={(e) => setJson('timeoutSeconds', parsePositiveInt(e.currentTarget.value))}
          />
        </Field>
      </FieldSet>

      <Divider />
      <FieldSet label="Authentication">
        <Field label="Method">
          <RadioButtonGroup<AuthType>
            options={AUTH_OPTIONS}
            value={authType}
            onChange={(v) => setJson('authType', v)}
          />
        </Field>
        {authType === 'basic' && (
          <>
            <Field label="User">
              <Input
                id="vigil-basic-user"
                width={40}
                value={jsonData.basicAuthUser ?? ''}
                onChange={(e) => setJson('basicAuthUser', e.currentTarget.value)}
              />
            </Field>
            {secret('basicAuthPassword', 'Password', 'Password')}
          </>
        )}
        {authType === 'bearer' && secret('bearerToken', 'Token', 'Token sent as Authorization: Bearer …')}
        {authType === 'headers' && <CustomHeaders options={options} onOptionsChange={onOptionsChange} />}
      </FieldSet>

      <Divider />
      <FieldSet label="TLS">
        <Field label="Skip TLS verification" description="Accept any server certificate. For testing only.">
          <InlineSwitch
            id="vigil-tls-skip"
            aria-label="Skip TLS verification"
            value={Boolean(jsonData.tlsSkipVerify)}
            onChange={(e) => setJson('tlsSkipVerify', e.currentTarget.checked)}
          />
        </Field>
        <Field label="Custom CA certificate" description="Verify Prometheus's certificate with this CA (PEM).">
          <InlineSwitch
            id="vigil-tls-ca"
            aria-label="Custom CA certificate"
            value={Boolean(jsonData.tlsWithCACert)}
            onChange={(e) => setJson('tlsWithCACert', e.currentTarget.checked)}
          />
        </Field>
        {jsonData.tlsWithCACert && (
          <Field label="CA certificate">
            <SecretTextArea
              id="vigil-tls-ca-cert"
              aria-label="CA certificate"
              cols={60}
              rows={6}
              placeholder="-----BEGIN CERTIFICATE-----"
              isConfigured={Boolean(options.secureJsonFields?.tlsCACert)}
              value={options.secureJsonData?.tlsCACert ?? ''}
              onChange={(e) => onOptionsChange(withSecret(options, 'tlsCACert', e.currentTarget.value))}
              onReset={() => onOptionsChange(withSecretReset(options, 'tlsCACert'))}
            />
          </Field>
        )}
      </FieldSet>

      <Divider />
      <FieldSet label="Detection">
        <Field
          label="Default training window"
          description={`History fetched before the visible range so detectors are warm; default ${SETTINGS_DEFAULTS.defaultTrainingWindow}. A query can override it.`}
          invalid={trainingError}
          error={trainingError ? 'Use a duration such as 12h, 7d or 2w' : undefined}
        >
          <Input
            id="vigil-training-window"
            width={16}
            placeholder={SETTINGS_DEFAULTS.defaultTrainingWindow}
            value={trainingWindow}
            onChange={(e) => setJson('defaultTrainingWindow', e.currentTarget.value.trim() || undefined)}
          />
        </Field>
        <Field
          label="Max series per query"
          description={`More series are cut off with a notice on the query; default ${SETTINGS_DEFAULTS.maxSeries}.`}
        >
          <Input
            id="vigil-max-series"
            type="number"
            min={1}
            width={16}
            placeholder={String(SETTINGS_DEFAULTS.maxSeries)}
            value={jsonData.maxSeries ?? ''}
            onChange={(e) => setJson('maxSeries', parsePositiveInt(e.currentTarget.value))}
          />
        </Field>
        <Field
          label="Max points per series"
          description={`The detection step grows to stay under this; default ${SETTINGS_DEFAULTS.maxPoints} (Prometheus's own limit).`}
        >
          <Input
            id="vigil-max-points"
            type="number"
            min={1}
            width={16}
            placeholder={String(SETTINGS_DEFAULTS.maxPoints)}
            value={jsonData.maxPoints ?? ''}
            onChange={(e) => setJson('maxPoints', parsePositiveInt(e.currentTarget.value))}
          />
        </Field>
        <Field
          label="Max points per query"
          description={`All series of a query together (series × points, history included); a larger query gets an error instead of using too much memory. Default ${SETTINGS_DEFAULTS.maxTotalPoints.toLocaleString('en')}.`}
        >
          <Input
            id="vigil-max-total-points"
            type="number"
            min={1000}
            width={16}
            placeholder={String(SETTINGS_DEFAULTS.maxTotalPoints)}
            value={jsonData.maxTotalPoints ?? ''}
            onChange={(e) => setJson('maxTotalPoints', parsePositiveInt(e.currentTarget.value))}
          />
        </Field>
      </FieldSet>

      <Divider />
      <LLMSettings options={options} onOptionsChange={onOptionsChange} />
    </>
  );
}
