#!/usr/bin/env bash
# Supply-chain check: known vulnerabilities in the Go modules the backend calls (govulncheck, from the Go
# vulnerability database) and in the npm packages (npm audit, from the npm registry's advisory endpoint).
#
#   npm run audit:deps
#
# Exit status: 0 both checks ran and found nothing; 1 a check found vulnerabilities; 2 a check could not run or
# could not reach its database (nothing is known then: this is not a pass). When one check finds vulnerabilities
# and the other could not run, the status is 1 and both are reported.
#
# Needs network access to the Go module proxy (to fetch govulncheck), to vuln.go.dev (or the database in
# GOVULNDB) and to the npm registry's audit endpoint (or NPM_AUDIT_REGISTRY). Settings:
#   GOVULNDB=<url>              vulnerability database for govulncheck (default https://vuln.go.dev; file:// works)
#   NPM_AUDIT_REGISTRY=<url>    registry whose audit endpoint npm asks (default: npm's configured registry)
#   NPM_AUDIT_LEVEL=<level>     lowest severity that counts: low (default), moderate, high, critical
set -uo pipefail
cd "$(dirname "$0")/.."

GOVULNCHECK_VERSION=v1.9.0
found=0
unchecked=0

echo "== govulncheck ${GOVULNCHECK_VERSION} ./... (database: ${GOVULNDB:-https://vuln.go.dev})"
# Installed into a scratch directory, not run with go run, whose own exit status hides govulncheck's (3 = found).
bin=$(mktemp -d -t vigil-audit.XXXXXX)
trap 'rm -rf "$bin"' EXIT
if out=$(GOBIN="$bin" go install "golang.org/x/vuln/cmd/govulncheck@${GOVULNCHECK_VERSION}" 2>&1); then
  out=$("$bin/govulncheck" ${GOVULNDB:+-db "$GOVULNDB"} ./... 2>&1)
  status=$?
else
  status=1
fi
printf '%s\n' "$out" | tail -40
case $status in
  0) echo "govulncheck: no known vulnerability in code the project calls." ;;
  3) echo "govulncheck: VULNERABILITIES FOUND (above)."; found=1 ;;
  *)
    if printf '%s' "$out" | grep -q 'fetching vulnerabilities'; then
      echo "govulncheck: COULD NOT CHECK: the vulnerability database ${GOVULNDB:-https://vuln.go.dev} is not reachable from here."
    else
      echo "govulncheck: COULD NOT CHECK (exit $status, output above)."
    fi
    unchecked=1
    ;;
esac

echo
level="${NPM_AUDIT_LEVEL:-low}"
echo "== npm audit (level ${level}${NPM_AUDIT_REGISTRY:+, registry $NPM_AUDIT_REGISTRY})"
json=$(npm audit --json --audit-level="$level" ${NPM_AUDIT_REGISTRY:+--registry "$NPM_AUDIT_REGISTRY"} 2>/dev/null)
verdict=$(printf '%s' "$json" | LEVEL="$level" node -e '
  let text = "";
  process.stdin.on("data", (d) => (text += d)).on("end", () => {
    let report;
    try { report = JSON.parse(text); } catch { report = undefined; }
    const counts = report && report.auditReportVersion && report.metadata && report.metadata.vulnerabilities;
    if (!counts) {
      const why = report ? report.message || [report.statusCode, report.error && report.error.summary].filter(Boolean).join(" ") : "no JSON answer";
      console.log("unchecked " + (why || "no audit report"));
      return;
    }
    const order = ["low", "moderate", "high", "critical"];
    const counted = order.slice(Math.max(0, order.indexOf(process.env.LEVEL)));
    const n = counted.reduce((sum, s) => sum + (counts[s] || 0), 0);
    const all = order.map((s) => `${counts[s] || 0} ${s}`).join(", ");
    console.log((n > 0 ? "found " : "clean ") + all);
  });
')
case "$verdict" in
  clean*) echo "npm audit: no known vulnerability at level ${level} or above (${verdict#clean })." ;;
  found*)
    echo "npm audit: VULNERABILITIES FOUND (${verdict#found }); run npm audit for the list and the fixes."
    found=1
    ;;
  *)
    echo "npm audit: COULD NOT CHECK: the registry's audit endpoint did not give a report (${verdict#unchecked })."
    unchecked=1
    ;;
esac

echo
if [ $found -eq 1 ]; then
  echo "RESULT: vulnerabilities found$([ $unchecked -eq 1 ] && echo '; and a check could not run (see above)')."
  exit 1
elif [ $unchecked -eq 1 ]; then
  echo "RESULT: NOT CHECKED: at least one vulnerability database could not be reached; nothing is known about it."
  exit 2
fi
echo "RESULT: clean: no known vulnerability."
exit 0
