#!/usr/bin/env bash
# The fault-injection tests, run on their own, with what each measured: PostgreSQL refusing
# connections, frozen (SIGSTOP/SIGCONT) and restarted under the service; the service killed
# (SIGKILL) during 200 creations and again while it texts; closes raced against calls.
# They also run in every `dotnet test` (and so in CI); this script only shows their figures.
# docs/reliability.md says what each fault showed.
set -euo pipefail
cd "$(dirname "$0")/../.."
filter='FullyQualifiedName~FaultsUnderLoadTests|FullyQualifiedName~RouteCacheTests|FullyQualifiedName~CrashTests|FullyQualifiedName~FrozenDatabaseTests|FullyQualifiedName~DatabaseOutageTests|FullyQualifiedName~CloseMeansClosedTests|FullyQualifiedName~ParallelCreationTests|FullyQualifiedName~PoolRaceTests'
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test tests/Web.Tests --filter "$filter" --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
echo "What the faults measured (docs/reliability.md):"
grep -m1 -E '^ *\| fault \|' "$log" | sed 's/^ *//' || true
grep -m1 -E '^ *\|---' "$log" | sed 's/^ *//' || true
grep -E '^ *\| (baseline|PostgreSQL|service killed)' "$log" | sed 's/^ *//' || true
echo
grep -E '^ *(baseline|PostgreSQL|kill -9|frozen:|after the close)' "$log" | sed 's/^ */  /' | sort -u || true
grep -E 'Test Run (Successful|Failed)|^ *(Total tests|Passed|Failed):' "$log" || true
grep -E '^\s+Failed ' "$log" || true
exit $status
