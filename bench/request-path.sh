#!/usr/bin/env bash
# Benchmark 2: the request path. One casguard instance, one organization with a freshly validated
# default OCI backend, one org token. Drives the guarded GET /api/v1/orgs/{org}/upload-target and
# the unguarded GET /api/v1/orgs/{org} (token lookup + one indexed read, like the guarded one)
# with wrk at a fixed concurrency, alternating the order each round, and prints p50/p99 latency,
# throughput and the guarded/unguarded ratios of each round.
# One command: bench/request-path.sh   (about 10 min; everything on 127.0.0.1)
# On a shared 2-core machine latency swings with other load, so each run also reports the
# instance's own CPU time per request (from /proc), which other processes barely disturb.
# With PROFILE=1, one more run of each endpoint is recorded with JFR after the measured rounds.
# Off by default: starting JFR in this Payara instance made requests 20-40x more expensive for the
# whole 20 s run (JIT deoptimisation), so those profiles do not show the steady state.
# Knobs (environment): CONNECTIONS=16, THREADS=2, DURATION_S=20, WARMUP_S=90, ROUNDS=6, PROFILE=0.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
DURATION_S=${DURATION_S:-20}
WARMUP_S=${WARMUP_S:-90}
ROUNDS=${ROUNDS:-6}
PROFILE=${PROFILE:-0}

WORK=$ROOT/.casguard/bench/request-path
PG_DIR_BENCH=$ROOT/.casguard/bench-pg-rp
PG_PORT_BENCH=55463
REG_PORT=5210
HTTP_PORT=18320
REG_USER=bench
REG_PASS=bench-registry-pw
ORG=bench-rp

install_traps
rm -rf "$WORK"; mkdir -p "$WORK"
RESULTS=$WORK/results.txt
out() { echo "$*" | tee -a "$RESULTS"; }

command -v wrk >/dev/null || {
  if [ "$(id -u)" = 0 ]; then
    log "installing wrk (Debian)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null; }
  fi
  command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk"
}
prepare_bench "$PG_DIR_BENCH"

# The background checker is off so that nothing but the load runs in the instance.
start_instance rp-1 "$HTTP_PORT" 512m CASGUARD_CHECKER_ENABLED=false \
  CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS=127.0.0.1:$REG_PORT
PID=$INSTANCE_PID
wait_ready "$HTTP_PORT" "$PID" 240

expect 201 "$(api POST "$HTTP_PORT" /api/v1/orgs "$ADMIN_TOKEN" "{\"name\":\"$ORG\"}")"
reply=$(api POST "$HTTP_PORT" "/api/v1/orgs/$ORG/tokens" "$ADMIN_TOKEN" '{"name":"bench"}')
expect 201 "$reply"
TOKEN=$(jq -r .token <<<"${reply#* }")
expect 201 "$(api POST "$HTTP_PORT" "/api/v1/orgs/$ORG/cas-backends" "$ADMIN_TOKEN" \
  "{\"name\":\"primary\",\"provider\":\"OCI\",\"location\":\"127.0.0.1:$REG_PORT/bench/primary\",\"default\":true,\"credentials\":{\"username\":\"$REG_USER\",\"password\":\"$REG_PASS\"}}")"

GUARDED=http://127.0.0.1:$HTTP_PORT/api/v1/orgs/$ORG/upload-target
UNGUARDED=http://127.0.0.1:$HTTP_PORT/api/v1/orgs/$ORG
reply=$(api GET "$HTTP_PORT" "/api/v1/orgs/$ORG/upload-target" "$TOKEN")
expect 200 "$reply"
[ "$(jq -r '.usingFallback' <<<"${reply#* }")" = false ] || die "upload-target should answer the default: $reply"
validated_before=$(jq -r '.backend.validatedAt' <<<"${reply#* }")
expect 200 "$(api GET "$HTTP_PORT" "/api/v1/orgs/$ORG" "$TOKEN")"
guarded_bytes=$(curl -s -H "Authorization: Bearer $TOKEN" "$GUARDED" | wc -c)
unguarded_bytes=$(curl -s -H "Authorization: Bearer $TOKEN" "$UNGUARDED" | wc -c)
posts_before=$(grep -c 'msg="response completed".*http.request.method=POST' "$REGISTRY_LOG" || true)

out "== casguard request-path benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(cd "$ROOT" && git rev-parse --short HEAD)"
out "$(machine_line)"
out "instance: Payara Micro $PAYARA_VERSION, -Xmx512m, checker disabled; wrk -t$THREADS -c$CONNECTIONS -d${DURATION_S}s --latency, same org token"
out "guarded:   GET /api/v1/orgs/$ORG/upload-target  (fresh default backend; response $guarded_bytes bytes)"
out "unguarded: GET /api/v1/orgs/$ORG                (response $unguarded_bytes bytes)"

# run_wrk NAME URL SECONDS: prints "p50_ms p99_ms rps non2xx errors cpu_ms_per_request machine_busy_%"
run_wrk() {
  local name=$1 url=$2 seconds=$3 file=$WORK/wrk-$1.txt cpu0 cpu1 m0 m1
  cpu0=$(cpu_seconds "$PID"); m0=$(machine_cpu)
  timeout $((seconds + 60)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency --timeout 10s \
    -H "Authorization: Bearer $TOKEN" "$url" > "$file" 2>&1 || die "wrk failed: $(cat "$file")"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { errors = $0; gsub(/[^0-9 ]/, "", errors); split(errors, e, " "); errs = e[1] + e[2] + e[3] + e[4] }
    END { printf "%.3f %.3f %.1f %d %d", p50, p99, rps, non2xx, errs }' "$file"
  cpu1=$(cpu_seconds "$PID"); m1=$(machine_cpu)
  awk -v a="$cpu0" -v b="$cpu1" -v m0="$m0" -v m1="$m1" -v secs="$seconds" -v f="$file" 'BEGIN {
      while ((getline line < f) > 0) if (line ~ /requests in/) { split(line, w, " "); n = w[1] }
      split(m0, x, " "); split(m1, y, " ")
      printf " %.3f %.0f\n", n ? (b - a) * 1000 / n : 0, 100 * (y[1] - x[1]) / (y[2] - x[2]) }'
}

log "warm-up: ${WARMUP_S} s on each endpoint"
run_wrk warmup-guarded "$GUARDED" "$WARMUP_S" >/dev/null
run_wrk warmup-unguarded "$UNGUARDED" "$WARMUP_S" >/dev/null

out ""
out "round  order                endpoint    p50 ms   p99 ms    req/s   non-2xx  errors  casguard-CPU-ms/req  machine-busy%"
sum_p50=1; sum_p99=1; sum_rps=1; n=0; all_p50=(); all_cpu=()
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then order="guarded,unguarded"; else order="unguarded,guarded"; fi
  declare -A r=()
  for which in ${order//,/ }; do
    url=$GUARDED; [ "$which" = unguarded ] && url=$UNGUARDED
    log "round $round: $which"
    r[$which]=$(run_wrk "r$round-$which" "$url" "$DURATION_S")
    read -r p50 p99 rps non2xx errs cpu busy <<<"${r[$which]}"
    out "$(printf '%5s  %-19s  %-9s  %7.2f  %7.2f  %7.0f  %7s  %6s  %19.3f  %13s' "$round" "$order" "$which" "$p50" "$p99" "$rps" "$non2xx" "$errs" "$cpu" "$busy")"
    [ "$non2xx" = 0 ] && [ "$errs" = 0 ] || log "WARNING: $which had non-2xx answers or socket errors"
  done
  read -r gp50 gp99 grps _ _ gcpu _ <<<"${r[guarded]}"
  read -r up50 up99 urps _ _ ucpu _ <<<"${r[unguarded]}"
  ratios=$(awk -v a="$gp50" -v b="$up50" -v c="$gp99" -v d="$up99" -v e="$grps" -v f="$urps" -v g="$gcpu" -v h="$ucpu" \
    'BEGIN { printf "%.3f %.3f %.3f %.3f", a / b, c / d, e / f, g / h }')
  read -r rp50 rp99 rrps rcpu <<<"$ratios"
  out "$(printf '%5s  RATIO guarded/unguarded: p50 %.2f   p99 %.2f   throughput %.2f   CPU/req %.2f   (goal: p50 <= 1.10)' "$round" "$rp50" "$rp99" "$rrps" "$rcpu")"
  all_p50+=("$rp50"); all_cpu+=("$rcpu")
  sum_p50=$(awk -v s="$sum_p50" -v x="$rp50" 'BEGIN{print s * x}')
  sum_p99=$(awk -v s="$sum_p99" -v x="$rp99" 'BEGIN{print s * x}')
  sum_rps=$(awk -v s="$sum_rps" -v x="$rrps" 'BEGIN{print s * x}')
  n=$((n + 1))
  unset r
done
out "$(awk -v a="$sum_p50" -v b="$sum_p99" -v c="$sum_rps" -v n="$n" \
  'BEGIN { printf "  all  RATIO geometric mean over %d rounds: p50 %.2f   p99 %.2f   throughput %.2f", n, a^(1/n), b^(1/n), c^(1/n) }')"
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
out "  all  RATIO median over $n rounds: p50 $(median "${all_p50[@]}")   CPU/req $(median "${all_cpu[@]}")"

if [ "$PROFILE" = 1 ]; then
  for which in guarded unguarded; do
    url=$GUARDED; [ "$which" = unguarded ] && url=$UNGUARDED
    jcmd "$PID" JFR.start name=rp settings=default filename="$WORK/profile-$which.jfr" >/dev/null || true
    read -r p50 _ rps _ _ cpu _ <<<"$(run_wrk "profile-$which" "$url" "$DURATION_S")"
    jcmd "$PID" JFR.stop name=rp >/dev/null || true
    out ""
    out "profile of one more $which run under JFR (p50 $p50 ms, $rps req/s, $cpu CPU ms/req):"
    tool jfr "$WORK/profile-$which.jfr" 15 | tee -a "$RESULTS"
  done
fi

reply=$(api GET "$HTTP_PORT" "/api/v1/orgs/$ORG/upload-target" "$TOKEN")
validated_after=$(jq -r '.backend.validatedAt' <<<"${reply#* }")
posts_after=$(grep -c 'msg="response completed".*http.request.method=POST' "$REGISTRY_LOG" || true)
out ""
out "no revalidation during the run: provider checks at the registry $((posts_after - posts_before)), validatedAt $validated_before -> $validated_after"
out "other busy processes at the end: $(others_line)"
out "wrk outputs: $WORK/wrk-*.txt"
