#!/usr/bin/env bash
# The load harness: a throwaway PostgreSQL, the service (Release, the Production configuration:
# signed webhooks, API keys) and a constant-NCCO ceiling app on this machine, driven by the same
# wrk settings; per size, the cold start right after a restart, the warm figures over every
# active route and over a hot sample, unsigned for comparison; then creation rate and peak RSS.
# Prints a markdown report (also saved under bench/results/).
#   bash bench/run.sh                 # 1k, 100k and 1M active conversations
#   bash bench/run.sh 1000 100000     # chosen sizes (cumulative: each adds to the last)
# Needs wrk (Debian: apt-get install wrk; installed here when run as root) and PostgreSQL's binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 100000 1000000}"); sizes=(${sizes[@]})
duration=${BENCH_SECONDS:-10}
threads=1; connections=32

# A fresh machine has no package lists yet: update them first, or apt-get finds no wrk.
command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y wrk >/dev/null; } || { echo "install wrk" >&2; exit 1; }
# Named as built: a commit made while the run goes on must not rename what it measured.
commit=$(git rev-parse --short HEAD)
dotnet build -c Release -v q bench/VoiceProxy.Bench >/dev/null  # builds src/Web too
bench="dotnet bench/VoiceProxy.Bench/bin/Release/net10.0/VoiceProxy.Bench.dll"

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
data=$(mktemp -d /tmp/voiceproxy-bench-XXXXXX); port=55432
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$data"
as_pg "$pgbin/initdb" -D "$data/pg" -A trust -U postgres --no-sync >/dev/null
as_pg "$pgbin/pg_ctl" -D "$data/pg" -l "$data/pg.log" -w -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_connections=300 -c synchronous_commit=off" start >/dev/null
cs="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=200"

prod=http://127.0.0.1:5090; ceil=http://127.0.0.1:5091; unsigned=http://127.0.0.1:5092
secret=bench-signature-secret-0123456789abcdef; apikey=bench-api-key-0123456789abcdef0123456789
# Production as it should run: every webhook signed, the REST API behind a key. No REST rate
# limit (the creation benchmark sends far more than 30 a second on purpose), no expiry sweep.
start_service() { # url [NAME=value …]; run with &: exec makes $! the service itself (its RSS, its kill)
  local url=$1; shift
  exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    VoiceProxy__PublicBaseUrl=$url VoiceProxy__RateLimits__ApiPerSecond=0 \
    VoiceProxy__Expiry__SweepIntervalSeconds=0 ConnectionStrings__Postgres="$cs" "$@" \
    dotnet src/Web/bin/Release/net10.0/VoiceProxy.Web.dll --urls $url
}
start_prod() { start_service $prod Vonage__SignatureSecret=$secret VoiceProxy__ApiKeys__0=$apikey "$@"; }
# The unsigned comparison: the same service with the safety checks opted out of.
start_unsigned() { start_service $unsigned VoiceProxy__AllowUnsignedWebhooks=true VoiceProxy__AllowAnonymousApi=true; }
stop() { kill "$@" 2>/dev/null || true; for p in "$@"; do while kill -0 $p 2>/dev/null; do sleep 0.2; done; done; }
wait_ready() { for _ in $(seq 1 600); do curl -sf $1/health/ready >/dev/null && return 0; sleep 0.5; done; echo "$1 never ready" >&2; exit 1; }

$bench ceiling $ceil >"$data/ceiling.log" 2>&1 & ceil_pid=$!
start_prod >"$data/service.log" 2>&1 & prod_pid=$!
unsigned_pid=""
cleanup() { kill $prod_pid $ceil_pid $unsigned_pid 2>/dev/null || true; as_pg "$pgbin/pg_ctl" -D "$data/pg" -m fast -w stop >/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
# The first start makes the schema and the async daemon's progress rows (`advance` needs them).
wait_ready $prod
for _ in $(seq 1 60); do curl -sf $ceil/webhooks/answer >/dev/null && break; sleep 0.5; done
stop $prod_pid

wrk_signed() { # url tokens-file → "req/s p50 p99 non-2xx"
  wrk -t$threads -c$connections -d${duration}s --latency -s bench/answer-signed.lua "$1" -- "$2" |
    awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {print rps, p50, p99, bad + 0}'
}
wrk_unsigned() { # url routes → "req/s p50 p99"
  wrk -t$threads -c$connections -d${duration}s --latency -s bench/answer.lua "$1" -- "$2" |
    awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print rps, p50, p99}'
}
# Fresh tokens for one wrk run, made just before it (inside the signature's 300 s window), each
# used once; more than the service answers in the run (the ceiling may cycle: it ignores them).
tokens() { $bench tokens "$1" $(( 30000 * duration )) $secret "$data/run.tokens"; echo "$data/run.tokens"; }
json() { echo "$1" | sed "s/.*\"$2\":\([0-9.]*\).*/\1/"; }
ratio() { awk -v s="$1" -v a="$2" -v b="$3" 'BEGIN {printf "%.0f%%", 200 * s / (a + b)}'; }

report=$(mktemp)
{
  echo "## Run of $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, commit $commit"
  echo
  echo "wrk -t$threads -c$connections -d${duration}s. **Signed** rows are the Production configuration: every request a"
  echo "POST with a fresh Vonage token (its jti recorded by the replay guard). *All routes*: callers drawn"
  echo "from every active route; *hot*: from 20,000 of them. Ratio: service ÷ the mean of the ceiling"
  echo "measured just before and just after the service (both shown). p99 at 2,000 req/s: open loop."
  echo
  echo "| active conversations | row | service req/s | p50 | p99 | ceiling before / after | ratio | p99 at 2,000 req/s | ceiling p99 at 2,000 req/s |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >>"$report"
cold_report=$(mktemp); rss_report=$(mktemp)
for n in "${sizes[@]}"; do
  # Seeded with the service stopped, so the restart below is a real cold start on n conversations.
  seeded=$($bench seed "$cs" "$n")
  $bench advance "$cs" >/dev/null
  # Measure a settled database: after a bulk load, autovacuum and the checkpoint flushing its WAL
  # would compete for the same two cores.
  as_pg "$pgbin/psql" -q -h 127.0.0.1 -p $port -U postgres -c "vacuum analyze" -c "checkpoint" >/dev/null
  $bench routes "$cs" 0 "$data/all.txt" >/dev/null
  $bench routes "$cs" 20000 "$data/hot.txt" >/dev/null
  echo "seed $n: $seeded; $(wc -l <"$data/all.txt") routes" >&2

  # Cold start: the client warms itself up on the ceiling while the service starts, then sends
  # 2,000 signed requests a second over every route from the moment /health/ready says 200.
  start_prod >"$data/service.log" 2>&1 & prod_pid=$!
  cold=$($bench rate $prod "$data/all.txt" 2000 $duration $secret $ceil)
  echo "| $n | $(json "$cold" readyAfterSeconds) s | $(json "$cold" p50ms) ms | $(json "$cold" p99ms) ms | $(json "$cold" maxms) ms | $(json "$cold" failures) |" >>"$cold_report"
  echo "cold $n: $cold" >&2

  # Warm: a first run long enough that a second gives the same figure; both are reported. The
  # ceiling app is warmed up too (it ran only the cold client's warm-up so far).
  wrk_signed $ceil "$(tokens "$data/all.txt")" >/dev/null
  read -r cb_rps _ < <(wrk_signed $ceil "$(tokens "$data/all.txt")")
  wrk_signed $prod "$(tokens "$data/all.txt")" >/dev/null # warm-up
  read -r a1_rps a1_p50 a1_p99 a1_bad < <(wrk_signed $prod "$(tokens "$data/all.txt")")
  read -r a2_rps a2_p50 a2_p99 a2_bad < <(wrk_signed $prod "$(tokens "$data/all.txt")")
  read -r h_rps h_p50 h_p99 h_bad < <(wrk_signed $prod "$(tokens "$data/hot.txt")")
  read -r ca_rps _ < <(wrk_signed $ceil "$(tokens "$data/all.txt")")
  rate=$($bench rate $prod "$data/all.txt" 2000 $duration $secret)
  hot_rate=$($bench rate $prod "$data/hot.txt" 2000 $duration $secret)
  c_rate=$($bench rate $ceil "$data/all.txt" 2000 $duration $secret)
  ceilings="$cb_rps / $ca_rps"
  echo "| $n | signed, all routes, 1st run | $a1_rps | $a1_p50 | $a1_p99 | $ceilings | $(ratio $a1_rps $cb_rps $ca_rps) | $(json "$rate" p99ms) ms | $(json "$c_rate" p99ms) ms |" >>"$report"
  echo "| $n | signed, all routes, 2nd run | $a2_rps | $a2_p50 | $a2_p99 | $ceilings | $(ratio $a2_rps $cb_rps $ca_rps) | | |" >>"$report"
  echo "| $n | signed, hot sample | $h_rps | $h_p50 | $h_p99 | $ceilings | $(ratio $h_rps $cb_rps $ca_rps) | $(json "$hot_rate" p99ms) ms | |" >>"$report"
  echo "signed $n: non-2xx $a1_bad $a2_bad $h_bad; rate $rate; hot $hot_rate; ceiling $c_rate" >&2
  echo "| $n | $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' /proc/$prod_pid/status) |" >>"$rss_report"

  # Unsigned, for comparison: a second instance with the signature check off, the same database.
  start_unsigned >"$data/unsigned.log" 2>&1 & unsigned_pid=$!
  wait_ready $unsigned
  wrk_unsigned $unsigned "$data/all.txt" >/dev/null # warm-up
  read -r u_rps u_p50 u_p99 < <(wrk_unsigned $unsigned "$data/all.txt")
  read -r cu_rps _ < <(wrk_unsigned $ceil "$data/all.txt")
  u_rate=$($bench rate $unsigned "$data/all.txt" 2000 $duration)
  echo "| $n | unsigned, all routes | $u_rps | $u_p50 | $u_p99 | $cu_rps (unsigned GET) | $(ratio $u_rps $cu_rps $cu_rps) | $(json "$u_rate" p99ms) ms | |" >>"$report"
  stop $unsigned_pid; unsigned_pid=""
  [ "$n" = "${sizes[-1]}" ] || stop $prod_pid
done
{
  echo
  echo "Right after a restart (cold start): the service started with the conversations above in its"
  echo "database; 2,000 signed requests a second over every route, from the moment \`/health/ready\`"
  echo "said 200, for ${duration} s (the client warmed up on the ceiling meanwhile)."
  echo
  echo "| active conversations | ready after | p50 | p99 | slowest | failures |"
  echo "|---|---|---|---|---|---|"
  cat "$cold_report"
} >>"$report"
# Creation last, against the largest database, through the API key. Warmed up first: right
# after start the JIT still runs the creation path at its lowest tier.
sql() { as_pg "$pgbin/psql" -qAt -h 127.0.0.1 -p $port -U postgres -c "$1"; }
# Conversations opened past the set-up texts' progress: their texts are still to go.
untexted() { sql "select count(*) from voice_proxy.mt_events where type = 'conversation_opened' and seq_id > (select last_seq_id from voice_proxy.mt_event_progression where name = 'setup_texts:All')"; }
creation() { # → the client's JSON, then how many conversations a second had both texts sent in the same seconds
  $bench create $prod 16 30 $apikey >/dev/null
  local from; from=$(sql "select clock_timestamp()")
  $bench create $prod 16 10 $apikey
  sql "select round(count(*) / 2.0 / extract(epoch from clock_timestamp() - '$from'::timestamptz)) from voice_proxy.mt_events where type = 'participant_notified' and timestamp >= '$from'"
}
# As a default Vonage account allows: the set-up texts paced at 25 a second (Vonage:SetupTextsPerSecond;
# Vonage throttles an account at 30 SMS a second), so they trail a burst of creations.
{ read -r create; read -r texted; } < <(creation)
rss_created=$(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' /proc/$prod_pid/status)
# Unpaced (an account whose throughput Vonage raised past what this machine sends): the texts take
# their share of the same two cores. Started once the backlog the paced run left has gone out.
stop $prod_pid
start_prod Vonage__SetupTextsPerSecond=0 >"$data/service.log" 2>&1 & prod_pid=$!
wait_ready $prod
for _ in $(seq 1 120); do [ "$(untexted)" = 0 ] && break; sleep 2; done
left=$(untexted) # 0 unless four minutes were not enough
{ read -r create_unpaced; read -r texted_unpaced; } < <(creation)
{
  echo
  echo "Creation (sandbox, ${sizes[-1]} conversations already active, 16 concurrent clients, 10 s after a 30 s warm-up):"
  echo
  echo "| set-up texts | created | conversations texted a second, in the same seconds |"
  echo "|---|---|---|"
  echo "| paced as a default Vonage account allows (25 a second) | \`$create\` | $texted |"
  echo "| unpaced ($left conversations still to text when it started) | \`$create_unpaced\` | $texted_unpaced |"
} >>"$report"
{
  echo
  echo "Service peak RSS (VmHWM) over each size's measurements (a fresh process per size; the last includes creation):"
  echo
  echo "| active conversations | peak RSS |"
  echo "|---|---|"
  cat "$rss_report"
  echo "| ${sizes[-1]}, after creation too | $rss_created |"
} >>"$report"
# A restart on a backlog: what creation left untexted, plus 20,000 conversations seeded and not
# marked texted, as after an outage or a burst of creations. The set-up texts then go out while
# calls come in; the calls must still be answered in time (CallsFirst). First unpaced: the texts
# as fast as this machine sends them, the hardest case for the answers; then, on what is left,
# paced as shipped.
stop $prod_pid
$bench seed "$cs" $(( $(sql "select count(*) from voice_proxy.mt_doc_conversation") + 20000 )) >/dev/null
backlog_row() { # label [NAME=value …]: a table row into backlog_rows; the service left running as $prod_pid
  local label=$1; shift
  local behind; behind=$(untexted)
  start_prod "$@" >"$data/service.log" 2>&1 & prod_pid=$!
  local backlog; backlog=$($bench rate $prod "$data/all.txt" 2000 $duration $secret $ceil)
  echo "backlog $label ($behind conversations untexted): $backlog" >&2
  echo "| $label | $behind | $(untexted) | $(json "$backlog" readyAfterSeconds) s | $(json "$backlog" p50ms) ms | $(json "$backlog" p99ms) ms | $(json "$backlog" maxms) ms | $(json "$backlog" failures) |" >>"$backlog_rows"
}
backlog_rows=$(mktemp)
backlog_row "unpaced" Vonage__SetupTextsPerSecond=0
stop $prod_pid
backlog_row "paced (25 a second)"
{
  echo
  echo "Restart on a texting backlog: conversations whose set-up texts had not gone out (what creation left, plus"
  echo "20,000 seeded untexted), the same cold-start client; first with the texts unpaced, then restarted paced on"
  echo "what was left. The texts go out meanwhile, yielding to the answers (CallsFirst). Still to go: counted by the"
  echo "daemon's progress, which moves a page at a time."
  echo
  echo "| set-up texts | untexted at the start | still to go after | ready after | p50 | p99 | slowest | failures |"
  echo "|---|---|---|---|---|---|---|---|"
  cat "$backlog_rows"
} >>"$report"
mkdir -p bench/results; cp "$report" "bench/results/$(date -u +%Y%m%dT%H%M)-$commit.md"
cat "$report"
