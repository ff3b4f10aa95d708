#!/usr/bin/env bash
# Tests scripts/audit-deps.sh without the real vulnerability databases: a local Go vulnerability database
# (file://, empty or with one made-up advisory against a function the backend calls) and a loopback server that
# answers npm's bulk advisory endpoint (no advisory, or one made-up advisory against rxjs), and both pointed at a
# closed loopback port. Each case checks the exit status (0 clean, 1 found, 2 could not check) and the wording.
# Needs the Go module proxy (to install govulncheck) but neither vuln.go.dev nor npm's audit endpoint.
#
#   bash scripts/audit-deps.test.sh
set -uo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d -t vigil-audit-test.XXXXXX)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# A Go vulnerability database in the layout govulncheck reads (index/db.json, index/modules.json, ID/<id>.json).
godb() { # $1 = directory, $2 = "advisory" or "empty"
  mkdir -p "$1/index" "$1/ID"
  echo '{"modified":"2026-01-01T00:00:00Z"}' >"$1/index/db.json"
  if [ "$2" = empty ]; then
    echo '[]' >"$1/index/modules.json"
    return
  fi
  echo '[{"path":"github.com/prometheus/common","vulns":[{"id":"GO-2099-0001","modified":"2026-01-01T00:00:00Z"}]}]' \
    >"$1/index/modules.json"
  cat >"$1/ID/GO-2099-0001.json" <<'EOF'
{"schema_version":"1.3.1","id":"GO-2099-0001","modified":"2026-01-01T00:00:00Z","published":"2026-01-01T00:00:00Z",
 "summary":"Made-up advisory for a test of scripts/audit-deps.sh","details":"Not a real vulnerability.",
 "affected":[{"package":{"name":"github.com/prometheus/common","ecosystem":"Go"},
   "ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}],
   "ecosystem_specific":{"imports":[{"path":"github.com/prometheus/common/model","symbols":["ParseDuration"]}]}}],
 "database_specific":{"url":"https://pkg.go.dev/vuln/GO-2099-0001"}}
EOF
}
godb "$work/clean" empty
godb "$work/found" advisory

# npm's bulk advisory endpoint on loopback: POST /-/npm/v1/security/advisories/bulk. The answer is read per request
# from $work/npm-answer.json, so one server serves every case; GET /<name> answers the package's versions.
echo '{}' >"$work/npm-answer.json"
node -e '
  const http = require("http"), fs = require("fs");
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.method === "GET") {
        // A packument, which npm reads to tell the affected versions of a package an advisory names.
        const name = decodeURIComponent(req.url.slice(1));
        const version = require(process.cwd() + "/node_modules/" + name + "/package.json").version;
        res.end(JSON.stringify({ name, versions: { [version]: { name, version } } }));
        return;
      }
      res.end(fs.readFileSync(process.argv[1]));
    });
  });
  server.listen(0, "127.0.0.1", () => fs.writeFileSync(process.argv[2], String(server.address().port)));
' "$work/npm-answer.json" "$work/port" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
registry="http://127.0.0.1:$(cat "$work/port")/"
advisory='{"rxjs":[{"id":1099001,"url":"https://example.invalid/1099001","title":"Made-up advisory for a test",
  "severity":"high","vulnerable_versions":">=0.0.0","cwe":[],"cvss":{"score":0,"vectorString":null}}]}'

passed=0
failed=0
check() { # $1 = name, $2 = expected status, $3 = expected text, then env assignments
  local name=$1 want=$2 text=$3
  shift 3
  local out status
  out=$(env "$@" bash scripts/audit-deps.sh 2>&1)
  status=$?
  if [ "$status" = "$want" ] && printf '%s' "$out" | grep -q -- "$text"; then
    passed=$((passed + 1))
    echo "ok   $name (exit $status)"
  else
    failed=$((failed + 1))
    echo "FAIL $name: exit $status (want $want), output without \"$text\":"
    printf '%s\n' "$out" | sed 's/^/    /'
  fi
}

check "both clean" 0 "RESULT: clean" GOVULNDB="file://$work/clean" NPM_AUDIT_REGISTRY="$registry"
check "Go advisory found" 1 "govulncheck: VULNERABILITIES FOUND" GOVULNDB="file://$work/found" NPM_AUDIT_REGISTRY="$registry"
echo "$advisory" >"$work/npm-answer.json"
check "npm advisory found" 1 "npm audit: VULNERABILITIES FOUND" GOVULNDB="file://$work/clean" NPM_AUDIT_REGISTRY="$registry"
check "npm advisory below the level" 0 "RESULT: clean" GOVULNDB="file://$work/clean" NPM_AUDIT_REGISTRY="$registry" NPM_AUDIT_LEVEL=critical
check "databases unreachable" 2 "RESULT: NOT CHECKED" GOVULNDB="http://127.0.0.1:9" NPM_AUDIT_REGISTRY="http://127.0.0.1:9/"
check "npm unreachable, Go clean" 2 "npm audit: COULD NOT CHECK" GOVULNDB="file://$work/clean" NPM_AUDIT_REGISTRY="http://127.0.0.1:9/"
check "found wins over unreachable" 1 "and a check could not run" GOVULNDB="file://$work/found" NPM_AUDIT_REGISTRY="http://127.0.0.1:9/"

echo "audit-deps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
