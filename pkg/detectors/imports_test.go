package detectors

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// forbiddenImport says why an import of the library code is not allowed, or "" when it is. The detector library
// stays pure (docs/twins.md): the standard library's computation packages only; no module outside it (Grafana's SDK,
// plugin or HTTP libraries), no network, processes or files. Tests may use what they need.
func forbiddenImport(path string) string {
	first := strings.SplitN(path, "/", 2)[0]
	switch {
	case strings.Contains(first, "."):
		return "a module outside the standard library"
	case path == "net" || strings.HasPrefix(path, "net/"):
		return "network access"
	case path == "os" || strings.HasPrefix(path, "os/") || path == "syscall" || path == "io/fs" || path == "plugin":
		return "files, processes or the operating system"
	case path == "unsafe" || path == "C":
		return "unsafe code"
	}
	return ""
}

func TestLibraryImportsArePure(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if why := forbiddenImport(path); why != "" {
				t.Errorf("%s imports %q (%s); keep the detector library pure", name, path, why)
			}
		}
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d library files found; is the test running in pkg/detectors?", checked)
	}
}

// The rule itself: what it must reject and accept.
func TestForbiddenImportRule(t *testing.T) {
	for _, path := range []string{"github.com/grafana/grafana-plugin-sdk-go/backend", "net/http", "net", "os",
		"os/exec", "golang.org/x/exp/slices", "unsafe"} {
		if forbiddenImport(path) == "" {
			t.Errorf("%q is accepted", path)
		}
	}
	for _, path := range []string{"math", "math/bits", "slices", "sort", "strings", "fmt", "encoding/json"} {
		if why := forbiddenImport(path); why != "" {
			t.Errorf("%q is rejected: %s", path, why)
		}
	}
}
