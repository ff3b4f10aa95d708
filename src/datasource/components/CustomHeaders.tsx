import React from 'react';
import { Button, InlineField, Input, SecretInput, Stack } from '@grafana/ui';
import { headerIndexes, Settings, withSecret, withSecretReset } from './settings';

interface Props {
  options: Settings;
  onOptionsChange: (options: Settings) => void;
}

/**
 * Custom HTTP headers sent to Prometheus. Names are plain (jsonData.httpHeaderNameN); values are secrets
 * (secureJsonData.httpHeaderValueN) because they usually carry credentials (X-Scope-OrgID, API keys).
 */
export function CustomHeaders({ options, onOptionsChange }: Props) {
  const indexes = headerIndexes(options.jsonData);

  const addHeader = () => {
    const next = (indexes[indexes.length - 1] ?? 0) + 1;
    onOptionsChange({ ...options, jsonData: { ...options.jsonData, [`httpHeaderName${next}`]: '' } });
  };

  const removeHeader = (i: number) => {
    const jsonData = { ...options.jsonData };
    delete jsonData[`httpHeaderName${i}`];
    onOptionsChange(withSecretReset({ ...options, jsonData }, `httpHeaderValue${i}`));
  };

  return (
    <Stack direction="column" gap={1}>
      {indexes.map((i) => (
        <Stack key={i} gap={1}>
          <InlineField label="Header" labelWidth={12}>
            <Input
              aria-label={`Header name ${i}`}
              width={24}
              placeholder="X-Scope-OrgID"
              value={options.jsonData[`httpHeaderName${i}`] ?? ''}
              onChange={(e) =>
                onOptionsChange({
                  ...options,
                  jsonData: { ...options.jsonData, [`httpHeaderName${i}`]: e.currentTarget.value },
                })
              }
            />
          </InlineField>
          <InlineField label="Value" labelWidth={8}>
            <SecretInput
              aria-label={`Header value ${i}`}
              width={30}
              isConfigured={Boolean(options.secureJsonFields?.[`httpHeaderValue${i}`])}
              value={options.secureJsonData?.[`httpHeaderValue${i}`] ?? ''}
              onChange={(e) => onOptionsChange(withSecret(options, `httpHeaderValue${i}`, e.currentTarget.value))}
              onReset={() => onOptionsChange(withSecretReset(options, `httpHeaderValue${i}`))}
            />
          </InlineField>
          <Button
            variant="secondary"
            icon="trash-alt"
            aria-label={`Remove header ${i}`}
            onClick={() => removeHeader(i)}
          />
        </Stack>
      ))}
      <div>
        <Button variant="secondary" icon="plus" onClick={addHeader}>
          Add header
        </Button>
      </div>
    </Stack>
  );
}
