package models

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func llmInstance(jd map[string]any, key string) backend.DataSourceInstanceSettings {
	raw, _ := json.Marshal(jd)
	return backend.DataSourceInstanceSettings{JSONData: raw, DecryptedSecureJSONData: map[string]string{"llmApiKey": key}}
}

func TestLoadLLM(t *testing.T) {
	if _, err := LoadLLM(llmInstance(map[string]any{}, "")); !errors.Is(err, ErrLLMNotConfigured) {
		t.Errorf("no provider: %v", err)
	}
	s, err := LoadLLM(llmInstance(map[string]any{"llmProvider": "openai", "llmUrl": "http://localhost:11434/v1/", "llmModel": "llama3.1"}, ""))
	if err != nil || s.URL != "http://localhost:11434/v1" || s.Timeout != 60*time.Second || s.APIKey != "" {
		t.Errorf("ollama without a key: %+v %v", s, err)
	}
	s, err = LoadLLM(llmInstance(map[string]any{"llmProvider": "azure", "llmUrl": "https://r.openai.azure.com", "llmModel": "d", "llmTimeoutSeconds": "30"}, "k"))
	if err != nil || s.APIVersion != DefaultAzureAPIVersion || s.Timeout != 30*time.Second {
		t.Errorf("azure: %+v %v", s, err)
	}
	bad := map[string]map[string]any{
		"unknown provider": {"llmProvider": "anthropic", "llmUrl": "https://x", "llmModel": "m"},
		"not a URL":        {"llmProvider": "openai", "llmUrl": "api.openai.com", "llmModel": "m"},
		"user in URL":      {"llmProvider": "openai", "llmUrl": "https://u:p@x/v1", "llmModel": "m"},
		"no model":         {"llmProvider": "openai", "llmUrl": "https://x/v1"},
		"timeout":          {"llmProvider": "openai", "llmUrl": "https://x/v1", "llmModel": "m", "llmTimeoutSeconds": 9999},
		"azure no key":     {"llmProvider": "azure", "llmUrl": "https://x", "llmModel": "m"},
	}
	for name, jd := range bad {
		key := "k"
		if name == "azure no key" {
			key = ""
		}
		if _, err := LoadLLM(llmInstance(jd, key)); err == nil || !strings.HasPrefix(err.Error(), "explanations: ") {
			t.Errorf("%s: want an error naming the setting, got %v", name, err)
		}
	}
}

func TestLLMSettingsStringHidesTheKey(t *testing.T) {
	s := LLMSettings{Provider: "openai", URL: "https://x/v1", Model: "m", APIKey: "sk-very-secret"}
	if strings.Contains(s.String(), "sk-very-secret") || !strings.Contains(s.String(), "apiKey=true") {
		t.Errorf("String() = %q", s.String())
	}
}
