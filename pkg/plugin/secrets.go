package plugin

import (
	"encoding/base64"

	"github.com/vigil-anomaly/vigil/pkg/models"
)

// secretTexts are the Prometheus credentials of these settings in every form they travel in (the password, the
// basic auth header's base64 of user:password, the bearer token, the custom header values), for the client to
// keep out of its error messages (prom.Client.HideSecrets). Texts of an error come from the server's answer, and a
// proxy that echoes request headers would otherwise carry them to the panel and the logs.
func secretTexts(s *models.Settings) []string {
	sec := s.Secrets
	out := []string{sec.BearerToken}
	if sec.BasicAuthPassword != "" {
		out = append(out, sec.BasicAuthPassword,
			base64.StdEncoding.EncodeToString([]byte(s.BasicAuthUser+":"+sec.BasicAuthPassword)))
	}
	for _, v := range sec.Headers {
		out = append(out, v)
	}
	return out
}
