#!/usr/bin/env bash
# Diagnostic companion of request-path.sh: the same set-up, then SLICES x 20 s of load alternating
# guarded/unguarded, printing per slice the time since the instance was ready, p50, throughput,
# CPU per request, and how many PostgreSQL sessions of casguard exist and were born in that
# slice (a healthy pool creates none under steady load).
# One command: bench/request-path-soak.sh   (about 9 min; everything on 127.0.0.1)
# Knobs: SLICES=24, CONNECTIONS=16, THREADS=2.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SLICES=${SLICES:-24}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
WORK=$ROOT/.casguard/bench/request-path-soak
PG_PORT_BENCH=55464
REG_PORT=5211
HTTP_PORT=18321
ORG=bench-soak

install_traps
rm -rf "$WORK"; mkdir -p "$WORK"
RESULTS=$WORK/results.txt
out() { echo "$*" | tee -a "$RESULTS"; }
prepare_bench "$ROOT/.casguard/bench-pg-soak"
start_instance soak-1 "$HTTP_PORT" 512m CASGUARD_CHECKER_ENABLED=false CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS=127.0.0.1:$REG_PORT
PID=$INSTANCE_PID
wait_ready "$HTTP_PORT" "$PID" 240
READY=$SECONDS
expect 201 "$(api POST "$HTTP_PORT" /api/v1/orgs "$ADMIN_TOKEN" "{\"name\":\"$ORG\"}")"
reply=$(api POST "$HTTP_PORT" "/api/v1/orgs/$ORG/tokens" "$ADMIN_TOKEN" '{"name":"bench"}'); expect 201 "$reply"
TOKEN=$(jq -r .token <<<"${reply#* }")
expect 201 "$(api POST "$HTTP_PORT" "/api/v1/orgs/$ORG/cas-backends" "$ADMIN_TOKEN" \
  "{\"name\":\"primary\",\"provider\":\"OCI\",\"location\":\"127.0.0.1:$REG_PORT/bench/primary\",\"default\":true,\"credentials\":{\"username\":\"$REG_USER\",\"password\":\"$REG_PASS\"}}")"

out "== request-path soak, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(cd "$ROOT" && git rev-parse --short HEAD)"
out "$(machine_line)"
out "slice  t(s since ready)  endpoint    p50 ms    req/s  CPU-ms/req  pg-sessions  sessions-born-in-slice"
for i in $(seq 1 "$SLICES"); do
  which=guarded; url=http://127.0.0.1:$HTTP_PORT/api/v1/orgs/$ORG/upload-target
  [ $((i % 2)) = 0 ] && { which=unguarded; url=http://127.0.0.1:$HTTP_PORT/api/v1/orgs/$ORG; }
  t=$((SECONDS - READY))
  mark=$(sql casguard "select clock_timestamp()")
  cpu0=$(cpu_seconds "$PID")
  timeout 80 wrk -t"$THREADS" -c"$CONNECTIONS" -d20s --latency -H "Authorization: Bearer $TOKEN" "$url" > "$WORK/wrk-$i.txt" 2>&1 || die "wrk failed"
  cpu1=$(cpu_seconds "$PID")
  sessions=$(sql casguard "select count(*) || ' ' || count(*) filter (where backend_start >= '$mark') from pg_stat_activity where application_name = 'casguard'")
  awk -v i="$i" -v t="$t" -v w="$which" -v c0="$cpu0" -v c1="$cpu1" -v s="$sessions" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { p50 = ms($2) } /^Requests\/sec:/ { rps = $2 } /requests in/ { n = $1 }
    END { split(s, x, " "); printf "%5d  %16d  %-9s  %7.2f  %7.0f  %10.3f  %11d  %22d\n", i, t, w, p50, rps, n ? (c1 - c0) * 1000 / n : 0, x[1], x[2] }' \
    "$WORK/wrk-$i.txt" | tee -a "$RESULTS"
done
