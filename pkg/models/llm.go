package models

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// LLM providers the data source can call for explanations (jsonData.llmProvider).
const (
	LLMProviderNone   = ""       // explanations use the template only
	LLMProviderOpenAI = "openai" // any OpenAI-compatible chat completions API: OpenAI, Ollama, vLLM, LiteLLM, …
	LLMProviderAzure  = "azure"  // Azure OpenAI: deployment URLs and the api-key header

	DefaultLLMTimeoutSeconds = 60
	DefaultAzureAPIVersion   = "2024-10-21"
	secureLLMAPIKey          = "llmApiKey"
)

// ErrLLMNotConfigured says that no LLM endpoint is set up on this data source.
var ErrLLMNotConfigured = errors.New("no LLM endpoint is configured on this data source; set one in the data source settings (Explanations) or use the template explanation")

// LLMSettings are the explanation endpoint's settings. The API key lives only here, in memory; String() never
// prints it.
type LLMSettings struct {
	Provider   string
	URL        string // base URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1
	Model      string // model name; for Azure the deployment name
	APIVersion string // Azure only
	Timeout    time.Duration
	APIKey     string
}

// String describes the settings without the key, for logs.
func (s LLMSettings) String() string {
	return fmt.Sprintf("llmProvider=%s llmUrl=%s llmModel=%s timeout=%s apiKey=%t", s.Provider, s.URL, s.Model, s.Timeout, s.APIKey != "")
}

type llmJSONData struct {
	Provider       string     `json:"llmProvider"`
	URL            string     `json:"llmUrl"`
	Model          string     `json:"llmModel"`
	APIVersion     string     `json:"llmApiVersion"`
	TimeoutSeconds flexNumber `json:"llmTimeoutSeconds"`
}

// LoadLLM reads and validates the explanation endpoint settings (jsonData llmProvider, llmUrl, llmModel,
// llmApiVersion, llmTimeoutSeconds; secureJsonData llmApiKey). It returns ErrLLMNotConfigured when no provider
// is chosen, and an error that names the setting to change when one is invalid. Independent of Load: a broken
// LLM setting never affects queries.
func LoadLLM(src backend.DataSourceInstanceSettings) (*LLMSettings, error) {
	var jd llmJSONData
	if len(src.JSONData) > 0 {
		if err := json.Unmarshal(src.JSONData, &jd); err != nil {
			return nil, fmt.Errorf("the data source settings are not valid JSON: %w", err)
		}
	}
	s := &LLMSettings{
		Provider:   strings.TrimSpace(jd.Provider),
		URL:        strings.TrimRight(strings.TrimSpace(jd.URL), "/"),
		Model:      strings.TrimSpace(jd.Model),
		APIVersion: strings.TrimSpace(jd.APIVersion),
		APIKey:     src.DecryptedSecureJSONData[secureLLMAPIKey],
	}
	switch s.Provider {
	case LLMProviderNone:
		return nil, ErrLLMNotConfigured
	case LLMProviderOpenAI:
	case LLMProviderAzure:
		if s.APIVersion == "" {
			s.APIVersion = DefaultAzureAPIVersion
		}
		if s.APIKey == "" {
			return nil, fmt.Errorf("explanations: Azure OpenAI needs an API key; enter it in the data source settings")
		}
	default:
		return nil, fmt.Errorf("explanations: unknown LLM provider %q; choose openai (OpenAI-compatible) or azure", s.Provider)
	}
	u, err := url.Parse(s.URL)
	if s.URL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("explanations: the LLM URL %q is not a valid http(s) URL; enter e.g. https://api.openai.com/v1 or http://localhost:11434/v1", s.URL)
	}
	if u.User != nil {
		return nil, fmt.Errorf("explanations: the LLM URL contains a user name or password; remove it and put the key in the API key field, which is stored encrypted")
	}
	if s.Model == "" {
		return nil, fmt.Errorf("explanations: no model is set; enter a model name (for Azure, the deployment name)")
	}
	timeout, err := number(jd.TimeoutSeconds, "llmTimeoutSeconds", DefaultLLMTimeoutSeconds, 1, 600)
	if err != nil {
		return nil, fmt.Errorf("explanations: %w", err)
	}
	s.Timeout = time.Duration(timeout * float64(time.Second))
	return s, nil
}
