// Command gpx_vigil_anomaly is the backend of the Vigil anomaly data source; Grafana starts it over the plugin
// protocol.
package main

import (
	"os"

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/vigil-anomaly/vigil/pkg/plugin"
)

func main() {
	// Manage serves until Grafana stops the process; it creates one instance per configured data source and
	// replaces it (calling Dispose) when the settings change.
	if err := datasource.Manage("vigil-anomaly-datasource", plugin.NewDatasource, datasource.ManageOpts{}); err != nil {
		log.DefaultLogger.Error(err.Error())
		os.Exit(1)
	}
}
