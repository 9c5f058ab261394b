#!/usr/bin/env bash
# The load harness: a throwaway PostgreSQL, the service (Release) and a constant-NCCO ceiling app
# on this machine, driven by the same wrk settings; then creation rate, fixed-rate latency and
# peak RSS. Prints a markdown report (also saved under bench/results/).
#   bash bench/run.sh                 # 1k, 100k and 1M active conversations
#   bash bench/run.sh 1000 100000     # chosen sizes (cumulative: each adds to the last)
# Needs wrk (Debian: apt-get install wrk; installed here when run as root) and PostgreSQL's binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 100000 1000000}"); sizes=(${sizes[@]})
duration=${BENCH_SECONDS:-15}
threads=1; connections=32

# A fresh machine has no package lists yet: update them first, or apt-get finds no wrk.
command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y wrk >/dev/null; } || { echo "install wrk" >&2; exit 1; }
dotnet build -c Release -v q bench/VoiceProxy.Bench >/dev/null  # builds src/Web too
bench="dotnet bench/VoiceProxy.Bench/bin/Release/net10.0/VoiceProxy.Bench.dll"

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
data=$(mktemp -d /tmp/voiceproxy-bench-XXXXXX); port=55432
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$data"
as_pg "$pgbin/initdb" -D "$data/pg" -A trust -U postgres --no-sync >/dev/null
as_pg "$pgbin/pg_ctl" -D "$data/pg" -l "$data/pg.log" -w -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_connections=300 -c synchronous_commit=off" start >/dev/null
cs="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=200"

svc=http://127.0.0.1:5090; ceil=http://127.0.0.1:5091; signed=http://127.0.0.1:5092
secret=bench-signature-secret-0123456789abcdef
# Production, with its safety checks opted out of (unsigned webhooks, no keys) and no REST rate
# limit: the creation benchmark sends far more than 30 a second on purpose. A second instance on
# the same database has a signature secret: Production as it should run, every webhook signed.
start_service() { # url [NAME=value …]; run with &: exec makes $! the service itself (its RSS, its kill)
  local url=$1; shift
  exec env ASPNETCORE_ENVIRONMENT=Production VoiceProxy__AllowAnonymousApi=true Logging__LogLevel__Default=Warning \
    VoiceProxy__AllowUnsignedWebhooks=true VoiceProxy__PublicBaseUrl=$url VoiceProxy__RateLimits__ApiPerSecond=0 \
    VoiceProxy__Expiry__SweepIntervalSeconds=0 ConnectionStrings__Postgres="$cs" "$@" \
    dotnet src/Web/bin/Release/net10.0/VoiceProxy.Web.dll --urls $url
}
start_service $svc >"$data/service.log" 2>&1 & svc_pid=$!
$bench ceiling $ceil >"$data/ceiling.log" 2>&1 & ceil_pid=$!
signed_pid=""
cleanup() { kill $svc_pid $ceil_pid $signed_pid 2>/dev/null || true; as_pg "$pgbin/pg_ctl" -D "$data/pg" -m fast -w stop >/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
for url in $svc/health/ready $ceil/webhooks/answer; do
  for _ in $(seq 1 60); do curl -sf $url >/dev/null && break; sleep 0.5; done
done

wrk_run() { # url routes → "req/s p50 p99"
  wrk -t$threads -c$connections -d${duration}s --latency -s bench/answer.lua "$1" -- "$2" |
    awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print rps, p50, p99}'
}

p99() { echo "$1" | sed 's/.*"p99ms":\([0-9.]*\).*/\1 ms/'; }

# Seeding goes through the service's own path, so the async daemon then texts every seeded
# participant (and the sandbox's carrier reports each text delivered). Measured before that
# backlog has drained, the answer webhook shares the two cores with it: wait, and say how long.
settle() {
  local start; start=$(date +%s)
  for _ in $(seq 1 900); do
    behind=$(as_pg "$pgbin/psql" -tAq -h 127.0.0.1 -p $port -U postgres -c \
      "select coalesce((select max(seq_id) from voice_proxy.mt_events), 0) - coalesce((select min(last_seq_id) from voice_proxy.mt_event_progression where name like '%:%'), 0)")
    [ "${behind:-1}" -le 0 ] && break
    sleep 2
  done
  sleep 5 # the last receipts (fire-and-forget, 200 ms after each text)
  echo $(( $(date +%s) - start ))
}

report=$(mktemp)
{
  echo "## Run of $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB"
  echo
  echo "wrk -t$threads -c$connections -d${duration}s, callers drawn at random from 20,000 live routes."
  echo
  echo "| active conversations | service req/s | p50 | p99 | ceiling req/s | ratio | p99 at 2,000 req/s (open loop) | ceiling p99 at 2,000 req/s |"
  echo "|---|---|---|---|---|---|---|---|"
} >>"$report"
drains=""
for n in "${sizes[@]}"; do
  seeded=$($bench seed "$cs" "$n")
  drained=$(settle)
  echo "seed $n: set-up texts and receipts drained in ${drained} s" >&2
  # Measure a settled database: after a bulk load, autovacuum and the checkpoint flushing its WAL
  # would compete for the same two cores.
  as_pg "$pgbin/psql" -q -h 127.0.0.1 -p $port -U postgres -c "vacuum analyze" -c "checkpoint" >/dev/null
  $bench routes "$cs" 20000 "$data/routes.txt" >/dev/null
  wrk -t1 -c$connections -d3s -s bench/answer.lua $svc -- "$data/routes.txt" >/dev/null # warm up
  read -r s_rps s_p50 s_p99 < <(wrk_run $svc "$data/routes.txt")
  read -r c_rps c_p50 c_p99 < <(wrk_run $ceil "$data/routes.txt")
  rate=$($bench rate $svc "$data/routes.txt" 2000 $duration)
  c_rate=$($bench rate $ceil "$data/routes.txt" 2000 $duration)
  ratio=$(awk -v s="$s_rps" -v c="$c_rps" 'BEGIN {printf "%.0f%%", 100 * s / c}')
  echo "| $n | $s_rps | $s_p50 | $s_p99 | $c_rps | $ratio | $(p99 "$rate") | $(p99 "$c_rate") |" >>"$report"
  echo "seed $n: $seeded; drained ${drained} s; rate: $rate; ceiling rate: $c_rate" >&2
  drains="$drains $n:${drained}s"
done
# Signed webhooks (the Production configuration), on the largest database's hot sample: every
# request a signed POST with a fresh token, so every answer also records its jti (the replay
# guard). wrk cannot sign: the tokens are made just before each run (inside the signature's 300 s
# window), each used once; the ceiling gets the same requests (and ignores the token).
start_service $signed Vonage__SignatureSecret=$secret >"$data/signed.log" 2>&1 & signed_pid=$!
for _ in $(seq 1 60); do curl -sf $signed/health/ready >/dev/null && break; sleep 0.5; done
wrk_signed() { # url tokens-file → "req/s p50 p99 non-2xx"
  wrk -t1 -c$connections -d${duration}s --latency -s bench/answer-signed.lua "$1" -- "$2" |
    awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {print rps, p50, p99, bad + 0}'
}
tokens=$(( 30000 * duration )) # more than the service answers in the run; the ceiling may cycle (it ignores them)
$bench tokens "$data/routes.txt" 100000 $secret "$data/warm.tokens"
wrk -t1 -c$connections -d5s -s bench/answer-signed.lua $signed -- "$data/warm.tokens" >/dev/null # warm up
$bench tokens "$data/routes.txt" $tokens $secret "$data/run.tokens"
read -r g_rps g_p50 g_p99 g_bad < <(wrk_signed $signed "$data/run.tokens")
read -r gc_rps gc_p50 gc_p99 gc_bad < <(wrk_signed $ceil "$data/run.tokens")
g_rate=$($bench rate $signed "$data/routes.txt" 2000 $duration $secret)
gc_rate=$($bench rate $ceil "$data/routes.txt" 2000 $duration $secret)
echo "| ${sizes[-1]}, **signed** (a fresh token per request) | $g_rps | $g_p50 | $g_p99 | $gc_rps | $(awk -v s="$g_rps" -v c="$gc_rps" 'BEGIN {printf "%.0f%%", 100 * s / c}') | $(p99 "$g_rate") | $(p99 "$gc_rate") |" >>"$report"
echo "signed: $g_rps req/s ($g_bad non-2xx), ceiling $gc_rps; rate: $g_rate; ceiling rate: $gc_rate" >&2
kill $signed_pid 2>/dev/null || true; signed_pid=""
# The same largest database with callers spread over 500,000 routes: more than the route cache
# holds (VoiceProxy:RouteCache:MaxEntries, 100,000), so most answers read PostgreSQL.
$bench routes "$cs" 500000 "$data/wide.txt" >/dev/null
read -r w_rps w_p50 w_p99 < <(wrk_run $svc "$data/wide.txt")
w_rate=$($bench rate $svc "$data/wide.txt" 2000 $duration)
echo "| ${sizes[-1]}, callers over 500,000 routes | $w_rps | $w_p50 | $w_p99 | $c_rps | $(awk -v s="$w_rps" -v c="$c_rps" 'BEGIN {printf "%.0f%%", 100 * s / c}') | $(p99 "$w_rate") | |" >>"$report"
echo "wide rate: $w_rate" >&2
# Creation last, so the sizes above are exact, and against the largest database. Warmed up
# first: right after start the JIT still runs the creation path at its lowest tier, and on two
# busy cores its optimising recompilation takes tens of seconds.
$bench create $svc 16 30 >/dev/null
create=$($bench create $svc 16 10)
{ echo; echo "Creation (sandbox, ${sizes[-1]} conversations already active, 16 concurrent clients, 10 s after a 30 s warm-up): \`$create\`"; } >>"$report"
{ echo; echo "Set-up texts of the seeded conversations (2 per conversation, sandbox, with delivery receipts) drained before measuring, in:$drains"; } >>"$report"
rss=$(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' /proc/$svc_pid/status)
echo >>"$report"; echo "Service peak RSS (VmHWM): $rss" >>"$report"
mkdir -p bench/results; cp "$report" "bench/results/$(date -u +%Y%m%dT%H%M).md"
cat "$report"
