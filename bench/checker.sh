#!/usr/bin/env bash
# Benchmark 1: the background checker.
#   (a) provider checks per backend per interval slot with 1, 3 and 5 casguard instances
#       (started at staggered moments), counted from a real registry's access log;
#   (b) wall time of one `all` tick over many OCI backends at parallelism 64, against the
#       registry behind a proxy that adds 50 ms to every client->server request, as a ratio to
#       the ideal backends x requests-per-check x 50 ms / 64.
# One command: bench/checker.sh   (about 25-40 min on 2 cores; everything on 127.0.0.1)
# Knobs (environment): PARTS="a b", INSTANCE_COUNTS="1 3 5", SLOTS=4, INTERVAL_S=20, STAGGER_S=7,
#   SIZES="240 2000 10000", PARALLELISM=64, DELAY_MS=50, CREATE_CLIENTS=16, TICK_LIMIT_S=900 (a tick is
#   awaited up to max(120 s, 12 x its ideal), never longer than TICK_LIMIT_S), PROFILE=1 (JFR on the
#   instance while a tick is awaited; its CPU samples are summarised).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PARTS=${PARTS:-a b}
INSTANCE_COUNTS=${INSTANCE_COUNTS:-1 3 5}
SLOTS=${SLOTS:-4}
INTERVAL_S=${INTERVAL_S:-20}
STAGGER_S=${STAGGER_S:-7}
SIZES=${SIZES:-240 2000 10000}
PARALLELISM=${PARALLELISM:-64}
DELAY_MS=${DELAY_MS:-50}
CREATE_CLIENTS=${CREATE_CLIENTS:-16}
TICK_LIMIT_S=${TICK_LIMIT_S:-900}
PROFILE=${PROFILE:-1}

WORK=$ROOT/.casguard/bench/checker
PG_DIR_BENCH=$ROOT/.casguard/bench-pg
PG_PORT_BENCH=55462
REG_PORT=5200
PROXY_PORT=5201
FIRST_HTTP_PORT=18300
SCALE_HTTP_PORT=18310
REG_USER=bench
REG_PASS=bench-registry-pw

install_traps
rm -rf "$WORK"; mkdir -p "$WORK"
RESULTS=$WORK/results.txt
out() { echo "$*" | tee -a "$RESULTS"; }

prepare_bench "$PG_DIR_BENCH"
ALLOWED=127.0.0.1:$REG_PORT,127.0.0.1:$PROXY_PORT

out "== casguard checker benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(cd "$ROOT" && git rev-parse --short HEAD)"
out "$(machine_line)"
out "other busy processes at start: $(others_line)"

# ------------------------------------------------------------------------------------------ (a)
part_a() {
  local interval_ms=$((INTERVAL_S * 1000))
  INSTANCE_DB_URL=jdbc:postgresql://127.0.0.1:$PG_PORT_BENCH/casguard
  local settings=(CASGUARD_CHECKER_INITIAL_DELAY=PT0S CASGUARD_CHECKER_DEFAULTS_INTERVAL=PT${INTERVAL_S}S
    CASGUARD_CHECKER_ALL_INTERVAL=PT24H CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS=$ALLOWED)
  local pids=() ports=() running=0
  out ""
  out "-- (a) checks per backend per ${INTERVAL_S} s slot; $SLOTS slots per instance count; instances -Xmx384m"

  launch_next() {
    local i=$running port=$((FIRST_HTTP_PORT + running))
    JAVA_EXTRA="-XX:+UseSerialGC" start_instance "checker-$((i + 1))" "$port" 384m "${settings[@]}"
    pids+=("$INSTANCE_PID"); ports+=("$port"); running=$((running + 1))
  }

  launch_next
  wait_ready "${ports[0]}" "${pids[0]}" 240
  sql casguard "update checker_scope set last_run_started_at = clock_timestamp() where scope = 'all'"

  local repos=() plain=() org
  for o in 1 2 3 4; do
    org=bench-o$o
    expect 201 "$(api POST "${ports[0]}" /api/v1/orgs "$ADMIN_TOKEN" "{\"name\":\"$org\"}")"
    for role in default fallback plain; do
      local flags='"default":false'
      [ $role = default ] && flags='"default":true'
      [ $role = fallback ] && flags='"fallback":true'
      expect 201 "$(api POST "${ports[0]}" "/api/v1/orgs/$org/cas-backends" "$ADMIN_TOKEN" \
        "{\"name\":\"$role\",\"provider\":\"OCI\",\"location\":\"127.0.0.1:$REG_PORT/bench/$org-$role\",$flags,\"credentials\":{\"username\":\"$REG_USER\",\"password\":\"$REG_PASS\"}}")"
      if [ $role = plain ]; then plain+=("bench/$org-$role"); else repos+=("bench/$org-$role"); fi
    done
  done
  out "   4 orgs: default + fallback each (8 backends in the defaults scope, own repository each) + 1 plain backend each (out of scope)"
  out "   instances  mean  max  min   ticks/slot   plain-checks  ticks (instance:outcome:backends_checked, 8 expected)"

  for n in $INSTANCE_COUNTS; do
    while [ "$running" -lt "$n" ]; do
      launch_next
      [ "$running" -lt "$n" ] && sleep "$STAGGER_S"
    done
    local k
    for k in "${!ports[@]}"; do wait_ready "${ports[$k]}" "${pids[$k]}" 300; done
    local now_ms first_slot end_ms
    now_ms=$(date +%s%3N)
    first_slot=$((now_ms / interval_ms + 1))
    end_ms=$(((first_slot + SLOTS) * interval_ms))
    log "$n instance(s): observing slots $first_slot..$((first_slot + SLOTS - 1)) (until $(date -u -d @$((end_ms / 1000)) +%H:%M:%S) + 8 s)"
    sleep $(((end_ms - now_ms) / 1000 + 8))
    local table summary plain_summary ticks per_slot ran_on
    table=$(tool slots "$REGISTRY_LOG" "$interval_ms" "$first_slot" "$SLOTS" "${repos[@]}")
    summary=$(grep '^SUMMARY' <<<"$table")
    plain_summary=$(tool slots "$REGISTRY_LOG" "$interval_ms" "$first_slot" "$SLOTS" "${plain[@]}" | grep '^SUMMARY')
    local window="started_at >= to_timestamp($first_slot::numeric * $interval_ms / 1000) and started_at < to_timestamp($end_ms::numeric / 1000)"
    per_slot=$(sql casguard "select string_agg(c::text, ',' order by s) from (select floor(extract(epoch from started_at) * 1000 / $interval_ms) s, count(*) c from checker_tick where scope = 'defaults' and $window group by 1) x")
    ran_on=$(sql casguard "select string_agg(instance || ':' || coalesce(outcome, 'running') || ':' || backends_checked, ' ' order by started_at) from checker_tick where scope = 'defaults' and $window")
    local mean max min pmean
    mean=$(sed -E 's/.*mean=([0-9.]+).*/\1/' <<<"$summary"); max=$(sed -E 's/.*max=([0-9]+).*/\1/' <<<"$summary")
    min=$(sed -E 's/.*min=([0-9]+).*/\1/' <<<"$summary")
    pmean=$(sed -E 's/.*mean=([0-9.]+).*/\1/' <<<"$plain_summary")
    out "$(printf '   %9s  %4s  %3s  %3s   %-11s  %-12s  %s' "$n" "$mean" "$max" "$min" "$per_slot" "$pmean" "$ran_on")"
    echo "$table" >> "$WORK/a-slots-$n.txt"
  done
  out "   (mean/max/min: accepted POST /v2/<repo>/blobs/uploads/ (202) per backend per slot, registry access log; goal 1.00 / 1 / 1)"
  for k in "${!pids[@]}"; do stop_pid "${pids[$k]}"; done
}

# ------------------------------------------------------------------------------------------ (b)
part_b() {
  sql postgres "create database casguard_scale" >/dev/null
  INSTANCE_DB_URL=jdbc:postgresql://127.0.0.1:$PG_PORT_BENCH/casguard_scale
  local delay_file=$WORK/proxy-delay stats_file=$WORK/proxy-stats
  echo 0 > "$delay_file"
  require_free_port "$PROXY_PORT"
  java -Xmx256m -cp "$WORK/classes" DelayProxy "$PROXY_PORT" "$REG_PORT" "$delay_file" "$stats_file" 7200 \
    > "$WORK/proxy.log" 2>&1 &
  local proxy_pid=$!
  PIDS+=("$proxy_pid")
  for _ in $(seq 1 100); do [ -s "$stats_file" ] && break; sleep 0.1; done

  JAVA_EXTRA="-Xms768m" start_instance scale-1 "$SCALE_HTTP_PORT" 768m \
    CASGUARD_CHECKER_INITIAL_DELAY=PT0S CASGUARD_CHECKER_DEFAULTS_INTERVAL=PT24H CASGUARD_CHECKER_ALL_INTERVAL=PT24H \
    CASGUARD_CHECKER_PARALLELISM="$PARALLELISM" CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS="$ALLOWED"
  local pid=$INSTANCE_PID
  wait_ready "$SCALE_HTTP_PORT" "$pid" 240
  sleep 6 # let the first heartbeat run both (empty) scopes, then make neither due
  sql casguard_scale "update checker_scope set last_run_started_at = clock_timestamp()"
  expect 201 "$(api POST "$SCALE_HTTP_PORT" /api/v1/orgs "$ADMIN_TOKEN" '{"name":"scale"}')"

  out ""
  out "-- (b) one 'all' tick at parallelism $PARALLELISM; every client->server request +${DELAY_MS} ms (proxy 127.0.0.1:$PROXY_PORT -> registry); instance -Xmx768m"
  out "   backends created through the API ($CREATE_CLIENTS concurrent clients, proxy at 0 ms; each creation runs one provider check)"
  local have=0 size
  for size in $SIZES; do
    local t0=$SECONDS line
    line=$(tool bulk-create "$SCALE_HTTP_PORT" "$ADMIN_TOKEN" scale "$have" $((size - have)) \
      "127.0.0.1:$PROXY_PORT" scale "$REG_USER" "$REG_PASS" "$CREATE_CLIENTS" 3600) || { echo "$line"; die "bulk create"; }
    out "   $line"
    have=$size
    local live
    live=$(sql casguard_scale "select count(*) from cas_backend where deleted_at is null and provider <> 'INLINE'")
    [ "$live" = "$size" ] || die "expected $size backends, found $live"
    measure_tick "$size" "$pid" "$delay_file" "$stats_file" "$proxy_pid"
  done
  stop_pid "$pid"
  stop_pid "$proxy_pid"
}

proxy_stat() { sed -E "s/.*$1=([0-9]+).*/\1/" "$2"; }

measure_tick() {
  local size=$1 pid=$2 delay_file=$3 stats_file=$4 proxy_pid=$5
  echo "$DELAY_MS" > "$delay_file"
  for _ in $(seq 1 50); do [ "$(proxy_stat delayMs "$stats_file")" = "$DELAY_MS" ] && break; sleep 0.1; done
  [ "$(proxy_stat delayMs "$stats_file")" = "$DELAY_MS" ] || die "proxy did not take the delay"
  sleep 2 # quiet registry log before the mark
  local last_id log0 chunks0 conns0 cpu_cas0 cpu_reg0 cpu_proxy0 cpu_pg0 m0 ilog=$WORK/logs/scale-1.log ilog0
  last_id=$(sql casguard_scale "select coalesce(max(id), 0) from checker_tick")
  log0=$(stat -c %s "$REGISTRY_LOG"); ilog0=$(stat -c %s "$ilog")
  chunks0=$(proxy_stat chunks "$stats_file"); conns0=$(proxy_stat connections "$stats_file")
  cpu_cas0=$(cpu_seconds "$pid"); cpu_reg0=$(cpu_seconds "$REGISTRY_PID"); cpu_proxy0=$(cpu_seconds "$proxy_pid")
  local postmaster; postmaster=$(head -1 "$PG_DIR/data/postmaster.pid")
  cpu_pg0=$(cpu_seconds "$postmaster" yes); m0=$(machine_cpu)
  local others_before; others_before=$(others_line)
  # the ideal with 3 requests per check; wait up to max(120 s, 12 x that) for a completed tick
  local cap; cap=$(awk -v s="$size" -v d="$DELAY_MS" -v p="$PARALLELISM" -v l="$TICK_LIMIT_S" \
    'BEGIN { c = 12 * s * 3 * d / 1000 / p; if (c < 120) c = 120; if (c > l) c = l; printf "%d", c }')
  [ "$PROFILE" = 1 ] && jcmd "$pid" JFR.start name=bench settings=default filename="$WORK/tick-$size.jfr" >/dev/null 2>&1
  sql casguard_scale "update checker_scope set last_run_started_at = clock_timestamp() - interval '2 days' where scope = 'all'"
  log "forced the 'all' scope due over $size backends; waiting up to $cap s for a completed tick"
  local start=$SECONDS completed="" first_age dumps=0
  while [ $((SECONDS - start)) -lt "$cap" ]; do
    completed=$(sql casguard_scale "select id from checker_tick where scope = 'all' and id > $last_id and outcome = 'completed' order by id limit 1")
    [ -n "$completed" ] && break
    first_age=$(sql casguard_scale "select extract(epoch from clock_timestamp() - min(started_at))::int from checker_tick where scope = 'all' and id > $last_id")
    if [ -n "$first_age" ]; then
      if { [ $dumps = 0 ] && [ "$first_age" -ge 5 ]; } || { [ $dumps = 1 ] && [ "$first_age" -ge 15 ]; }; then
        dumps=$((dumps + 1))
        jstack "$pid" > "$WORK/jstack-$size-$dumps.txt" 2>&1 || true
      fi
    fi
    sleep 1
  done
  if [ -z "$completed" ]; then
    # stop the scope from being retried while the next size is set up
    sql casguard_scale "update checker_scope set last_run_started_at = clock_timestamp() where scope = 'all'"
    sleep 12
  fi
  [ "$PROFILE" = 1 ] && jcmd "$pid" JFR.stop name=bench >/dev/null 2>&1
  local log1 chunks1 conns1 m1 wall=$((SECONDS - start))
  log1=$(stat -c %s "$REGISTRY_LOG")
  chunks1=$(proxy_stat chunks "$stats_file"); conns1=$(proxy_stat connections "$stats_file")
  local cpu_cas cpu_reg cpu_proxy cpu_pg
  cpu_cas=$(awk -v a="$cpu_cas0" -v b="$(cpu_seconds "$pid")" 'BEGIN{printf "%.1f", b-a}')
  cpu_reg=$(awk -v a="$cpu_reg0" -v b="$(cpu_seconds "$REGISTRY_PID")" 'BEGIN{printf "%.1f", b-a}')
  cpu_proxy=$(awk -v a="$cpu_proxy0" -v b="$(cpu_seconds "$proxy_pid")" 'BEGIN{printf "%.1f", b-a}')
  cpu_pg=$(awk -v a="$cpu_pg0" -v b="$(cpu_seconds "$postmaster" yes)" 'BEGIN{printf "%.1f", b-a}')
  m1=$(machine_cpu)
  echo 0 > "$delay_file"

  local attempts outcomes secs="" checked="" failed="" validated severe emclosed tickfailed
  attempts=$(sql casguard_scale "select count(*) from checker_tick where scope = 'all' and id > $last_id")
  outcomes=$(sql casguard_scale "select string_agg(coalesce(outcome, 'running') || '(' || backends_checked || ')', ' ' order by id) from checker_tick where scope = 'all' and id > $last_id")
  if [ -n "$completed" ]; then
    IFS='|' read -r secs checked failed <<<"$(sql casguard_scale "select extract(epoch from finished_at - started_at), backends_checked, backends_failed from checker_tick where id = $completed")"
  fi
  validated=$(sql casguard_scale "select count(*) from cas_backend where deleted_at is null and validated_at >= (select min(started_at) from checker_tick where scope = 'all' and id > $last_id)")
  severe=$(tail -c +$((ilog0 + 1)) "$ilog" | grep -c 'SEVERE' || true)
  emclosed=$(tail -c +$((ilog0 + 1)) "$ilog" | grep -c 'tick failed: java.lang.IllegalStateException: Attempting to execute an operation on a closed EntityManager' || true)
  tickfailed=$(tail -c +$((ilog0 + 1)) "$ilog" | grep -c 'tick failed' || true)

  local window requests gets posts deletes span
  window=$(tool window "$REGISTRY_LOG" "$log0" "$log1")
  echo "$window" > "$WORK/registry-window-$size.txt"
  requests=$(awk '/^REQUESTS/{print $2}' <<<"$window")
  gets=$(awk '$1 == "KIND" && index($2, "GET_/v2/") == 1 {s += $3} END {print s + 0}' <<<"$window")
  posts=$(awk '$1 == "KIND" && index($2, "POST_blobs") == 1 {s += $3} END {print s + 0}' <<<"$window")
  deletes=$(awk '$1 == "KIND" && index($2, "DELETE_blobs") == 1 {s += $3} END {print s + 0}' <<<"$window")
  span=$(grep '^POSTS_PER_SECOND' <<<"$window" | awk '{n = split($NF, a, ":"); print a[1] + 1}')
  local chunks=$((chunks1 - chunks0)) conns=$((conns1 - conns0)) busy
  busy=$(awk -v a="$m0" -v b="$m1" 'BEGIN{split(a,x," "); split(b,y," "); printf "%.0f", 100*(y[1]-x[1])/(y[2]-x[2])}')
  awk -v size="$size" -v secs="$secs" -v checked="$checked" -v failed="$failed" -v completed="$completed" \
      -v attempts="$attempts" -v outcomes="$outcomes" -v validated="$validated" -v wall="$wall" -v span="${span:-0}" \
      -v req="$requests" -v gets="$gets" -v posts="$posts" -v dels="$deletes" -v chunks="$chunks" -v conns="$conns" \
      -v d="$DELAY_MS" -v p="$PARALLELISM" -v cas="$cpu_cas" -v reg="$cpu_reg" -v prx="$cpu_proxy" -v pg="$cpu_pg" \
      -v busy="$busy" 'BEGIN{
        rpc = posts ? req / posts : 0; wpc = posts ? chunks / posts : 0
        ideal = size * rpc * d / 1000 / p; ideal_w = size * wpc * d / 1000 / p
        rate = span ? posts / span : 0; ideal_rate = rpc ? p * 1000 / (rpc * d) : 0
        if (completed != "") {
          printf "   %d backends: completed tick %.1f s (checked %d, failed %d) after %d attempt(s): %s\n", size, secs, checked, failed, attempts, outcomes
          printf "      ideal = %d x %.2f requests/check x %d ms / %d = %.1f s   ->  RATIO tick/ideal = %.2f  (goal <= 1.3)\n", size, rpc, d, p, ideal, secs / ideal
          printf "      counting the extra client write(s) the proxy saw (%.2f per check): ideal %.1f s -> ratio %.2f\n", wpc, ideal_w, secs / ideal_w
        } else {
          printf "   %d backends: NO completed tick within %d s; %d attempt(s) started, outcome(checked) each: %s\n", size, wall, attempts, outcomes
          printf "      ideal = %d x %.2f requests/check x %d ms / %d = %.1f s   ->  RATIO tick/ideal > %.1f (did not finish)\n", size, rpc, d, p, ideal, ideal ? wall / ideal : 0
        }
        printf "      backends validated at least once since the first attempt: %d of %d\n", validated, size
        printf "      registry requests: %d = %.2f per check (GET /v2/ %d, POST uploads %d, DELETE uploads %d); proxy: %.2f client writes and %.2f new connections per check\n", req, rpc, gets, posts, dels, wpc, posts ? conns / posts : 0
        printf "      check rate %.0f/s over %d s of traffic vs ideal %.0f/s  ->  rate RATIO ideal/achieved = %.2f\n", rate, span, ideal_rate, rate ? ideal_rate / rate : 0
        printf "      CPU ms per check: casguard %.1f, registry %.1f, proxy %.1f, postgres %.1f (total %.1f -> at most %.0f checks/s on 2 cores); machine busy %s%%\n", posts ? cas * 1000 / posts : 0, posts ? reg * 1000 / posts : 0, posts ? prx * 1000 / posts : 0, posts ? pg * 1000 / posts : 0, posts ? (cas + reg + prx + pg) * 1000 / posts : 0, (cas + reg + prx + pg) ? 2 * posts / (cas + reg + prx + pg) : 0, busy
      }' | tee -a "$RESULTS"
  out "      registry POSTs per second: $(grep '^POSTS_PER_SECOND' <<<"$window" | cut -d' ' -f2- | tr ' ' '\n' | awk -F: '{printf "%s ", $2}' | cut -c1-300)"
  out "      instance log: $tickfailed 'tick failed' ($emclosed of them 'closed EntityManager'), $severe SEVERE records (managed-executor context reset errors)"
  out "      other busy processes (before): $others_before"
  if [ -s "$WORK/tick-$size.jfr" ]; then
    out "      casguard CPU profile over the whole wait (JFR execution samples):"
    tool jfr "$WORK/tick-$size.jfr" 12 | sed 's/^/      /' | tee -a "$RESULTS"
  fi
  local dd
  for dd in 1 2; do
    if [ -f "$WORK/jstack-$size-$dd.txt" ]; then
      out "      thread dump $dd ($( [ $dd = 1 ] && echo 5 || echo 15 ) s after the first attempt started):"
      tool threads "$WORK/jstack-$size-$dd.txt" | head -17 | sed 's/^/      /' | tee -a "$RESULTS"
    fi
  done
}

for part in $PARTS; do "part_$part"; done
out ""
out "full output: $RESULTS; thread dumps and registry windows under $WORK"
