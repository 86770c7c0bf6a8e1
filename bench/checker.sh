#!/usr/bin/env bash
# Benchmark 1: the background checker.
#   (a) provider checks per backend per interval slot with 1, 3 and 5 casguard instances
#       (started at staggered moments), counted from a real registry's access log;
#   (b) one `all` tick over a fleet of 10,000 and then 100,000 OCI backends on 8 registry hosts
#       (each a proxy adding 50 ms to every client->server request), as a ratio to a bare client
#       making the same exchanges at the same parallelism in the same run; CPU per check against
#       the bare client's, database statements per check, heap growth and threads.
# One command: bench/checker.sh   (about 45-60 min on 2 cores; everything on 127.0.0.1)
# Knobs (environment): PARTS="a b", INSTANCE_COUNTS="1 3 5", SLOTS=4, INTERVAL_S=20, STAGGER_S=7,
#   SIZES="10000 100000", HOSTS=8, PER_HOST=8, PER_ORG=100, PARALLELISM=64, DELAY_MS=50,
#   TICK_LIMIT_S=1500 (the longest wait for the bare client and for a tick), PROFILE=1 (JFR on the
#   instance while a tick is awaited; its CPU samples are summarised).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PARTS=${PARTS:-a b}
INSTANCE_COUNTS=${INSTANCE_COUNTS:-1 3 5}
SLOTS=${SLOTS:-4}
INTERVAL_S=${INTERVAL_S:-20}
STAGGER_S=${STAGGER_S:-7}
SIZES=${SIZES:-10000 100000}
HOSTS=${HOSTS:-8}
PER_HOST=${PER_HOST:-8}
PER_ORG=${PER_ORG:-100}
PARALLELISM=${PARALLELISM:-64}
DELAY_MS=${DELAY_MS:-50}
TICK_LIMIT_S=${TICK_LIMIT_S:-1500}
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
# The fleet: SIZES backends over HOSTS registry hosts (each its own DelayProxy port in front of the
# one registry: casguard paces per host:port), PER_ORG to an organization, written straight into
# the database by `tool seed`. Per size: the bare client (the yardstick) over the fleet, then one
# 'all' tick, both at PARALLELISM with PER_HOST per host, against the same proxies and registry.
part_b() {
  # statements per check come from pg_stat_statements (a restart to preload it)
  sql postgres "alter system set shared_preload_libraries = 'pg_stat_statements'" >/dev/null
  "$ROOT/scripts/throwaway-postgres.sh" --stop "$PG_DIR"
  eval "$("$ROOT/scripts/throwaway-postgres.sh" "$PG_DIR" "$PG_PORT")"
  sql postgres "create database casguard_scale" >/dev/null
  sql casguard_scale "create extension pg_stat_statements" >/dev/null
  INSTANCE_DB_URL=jdbc:postgresql://127.0.0.1:$PG_PORT_BENCH/casguard_scale
  local delay_file=$WORK/proxy-delay hosts="" proxy_pids=() h
  echo 0 > "$delay_file"
  for h in $(seq 1 "$HOSTS"); do
    local port=$((PROXY_PORT + h))
    require_free_port "$port"
    java -Xmx64m -XX:+UseSerialGC -cp "$WORK/classes" DelayProxy "$port" "$REG_PORT" "$delay_file" "$WORK/proxy-stats-$h" 14400 \
      > "$WORK/proxy-$h.log" 2>&1 &
    proxy_pids+=($!); PIDS+=($!)
    hosts+="${hosts:+,}127.0.0.1:$port"
  done
  for h in $(seq 1 "$HOSTS"); do
    for _ in $(seq 1 100); do [ -s "$WORK/proxy-stats-$h" ] && break; sleep 0.1; done
  done
  PROXY_PIDS=("${proxy_pids[@]}")

  JAVA_EXTRA="-Xms768m" start_instance scale-1 "$SCALE_HTTP_PORT" 768m \
    CASGUARD_CHECKER_INITIAL_DELAY=PT0S CASGUARD_CHECKER_DEFAULTS_INTERVAL=PT24H CASGUARD_CHECKER_ALL_INTERVAL=PT24H \
    CASGUARD_CHECKER_PARALLELISM="$PARALLELISM" CASGUARD_CHECKER_PER_HOST_PARALLELISM="$PER_HOST" \
    CASGUARD_PROVIDERS_ALLOWED_PRIVATE_HOSTS="$ALLOWED,$hosts"
  local pid=$INSTANCE_PID
  wait_ready "$SCALE_HTTP_PORT" "$pid" 240
  sleep 6 # let the first heartbeat run both (empty) scopes, then make neither due
  sql casguard_scale "update checker_scope set last_run_started_at = clock_timestamp()"

  out ""
  out "-- (b) one 'all' tick at parallelism $PARALLELISM, $PER_HOST per host, over $HOSTS registry hosts (each its own proxy"
  out "   adding ${DELAY_MS} ms to every client->server request, all in front of one registry), $PER_ORG backends per"
  out "   organization, written into the database by the bench (credentials sealed by casguard's cipher);"
  out "   yardstick: the bench's bare client, the same exchanges at the same parallelism and per-host cap; instance -Xmx768m"
  local have=0 size
  for size in $SIZES; do
    CASGUARD_SECRETS_KEY=$SECRETS_KEY tool seed "$have" $((size - have)) "$PER_ORG" "$hosts" "$REG_USER" "$REG_PASS" "$WORK/orgs.csv" "$WORK/backends.csv" \
      || die "seed"
    sql casguard_scale "\\copy organization (id, name, created_at) from '$WORK/orgs.csv' csv"
    sql casguard_scale "\\copy cas_backend (id, organization_id, name, provider, location, max_bytes, credentials, validation_status, validated_at, created_at, updated_at) from '$WORK/backends.csv' csv"
    # the earlier size's tick ran in the same 24 h slot: without this, resume would skip its backends
    sql casguard_scale "update cas_backend set all_checked_at = null" >/dev/null
    sql casguard_scale "vacuum analyze" >/dev/null
    have=$size
    local live
    live=$(sql casguard_scale "select count(*) from cas_backend where deleted_at is null and provider <> 'INLINE'")
    [ "$live" = "$size" ] || die "expected $size backends, found $live"
    measure_tick "$size" "$pid" "$delay_file" "$hosts"
  done
  stop_pid "$pid"
}

heap_used_mb() { jcmd "$1" GC.heap_info 2>/dev/null | awk '/heap.*total.*used/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?/, "", v); printf "%.0f", v / 1024; exit}}'; }
threads_of() { awk '/^Threads:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
proxies_cpu() { local p t=0; for p in "${PROXY_PIDS[@]}"; do t=$(awk -v a="$t" -v b="$(cpu_seconds "$p")" 'BEGIN{print a+b}'); done; echo "$t"; }
# casguard's statements in casguard_scale since the last reset, without the bench's own (which
# name pg_stat_statements, poll checker_tick by id, or force the scope due)
CASGUARD_STATEMENTS="pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = 'casguard_scale'
  and s.query not like '%pg_stat_statements%' and s.query not like '%checker_tick where scope = \$1 and id >%'
  and s.query not like '%last_run_started_at = clock_timestamp() - interval%'"

set_delay() {
  echo "$1" > "$2"
  local h ok
  for _ in $(seq 1 50); do
    ok=1
    for h in $(seq 1 "$HOSTS"); do [ "$(proxy_stat delayMs "$WORK/proxy-stats-$h")" = "$1" ] || ok=0; done
    [ $ok = 1 ] && return 0
    sleep 0.1
  done
  die "proxies did not take the delay $1"
}

proxy_stat() { sed -E "s/.*$1=([0-9]+).*/\1/" "$2"; }

measure_tick() {
  local size=$1 pid=$2 delay_file=$3 hosts=$4
  set_delay "$DELAY_MS" "$delay_file"
  sleep 2 # quiet registry log before the marks

  # the yardstick
  local cap bare bare_s bare_cpu bare_failed
  cap=$TICK_LIMIT_S
  log "bare client over $size backends"
  bare=$(tool bare 0 "$size" "$hosts" "$REG_USER" "$REG_PASS" "$PARALLELISM" "$PER_HOST" "$cap") || die "bare client"
  bare_s=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$bare"); bare_cpu=$(sed -E 's/.*cpu_ms_per_check=([0-9.]+).*/\1/' <<<"$bare")
  bare_failed=$(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$bare")
  sleep 2

  # the tick, with the same clocks
  local last_id log0 cpu_cas0 cpu_reg0 cpu_proxy0 cpu_pg0 m0 ilog=$WORK/logs/scale-1.log ilog0
  last_id=$(sql casguard_scale "select coalesce(max(id), 0) from checker_tick")
  jcmd "$pid" GC.run >/dev/null 2>&1; sleep 1
  local heap0 threads0 heap_peak threads_peak=0 t
  heap0=$(heap_used_mb "$pid"); threads0=$(threads_of "$pid")
  sql casguard_scale "select pg_stat_statements_reset()" >/dev/null
  log0=$(stat -c %s "$REGISTRY_LOG"); ilog0=$(stat -c %s "$ilog")
  cpu_cas0=$(cpu_seconds "$pid"); cpu_reg0=$(cpu_seconds "$REGISTRY_PID"); cpu_proxy0=$(proxies_cpu)
  local postmaster; postmaster=$(head -1 "$PG_DIR/data/postmaster.pid")
  cpu_pg0=$(cpu_seconds "$postmaster" yes); m0=$(machine_cpu)
  local others_before; others_before=$(others_line)
  [ "$PROFILE" = 1 ] && jcmd "$pid" JFR.start name=bench settings=default filename="$WORK/tick-$size.jfr" >/dev/null 2>&1
  sql casguard_scale "update checker_scope set last_run_started_at = clock_timestamp() - interval '2 days' where scope = 'all'"
  log "forced the 'all' scope due over $size backends; waiting up to $cap s for a completed tick"
  jstat -gc "$pid" 2000 > "$WORK/jstat-$size.txt" 2>/dev/null &
  local jstat_pid=$!
  local start=$SECONDS completed="" first_age dumps=0
  while [ $((SECONDS - start)) -lt "$cap" ]; do
    completed=$(sql casguard_scale "select id from checker_tick where scope = 'all' and id > $last_id and outcome = 'completed' order by id limit 1")
    [ -n "$completed" ] && break
    t=$(threads_of "$pid"); [ "$t" -gt "$threads_peak" ] && threads_peak=$t
    first_age=$(sql casguard_scale "select extract(epoch from clock_timestamp() - min(started_at))::int from checker_tick where scope = 'all' and id > $last_id")
    if [ -n "$first_age" ]; then
      if { [ $dumps = 0 ] && [ "$first_age" -ge 5 ]; } || { [ $dumps = 1 ] && [ "$first_age" -ge 15 ]; }; then
        dumps=$((dumps + 1))
        jstack "$pid" > "$WORK/jstack-$size-$dumps.txt" 2>&1 || true
      fi
    fi
    sleep 1
  done
  local wall=$((SECONDS - start)) stmts
  kill "$jstat_pid" 2>/dev/null || true
  # used = survivors + eden + old (KB), the largest sample
  heap_peak=$(awk 'NR > 1 && $1 ~ /^[0-9.]+$/ {u = ($3 + $4 + $6 + $8) / 1024; if (u > m) m = u} END {printf "%.0f", m}' "$WORK/jstat-$size.txt")
  stmts=$(sql casguard_scale "select coalesce(sum(calls), 0) from $CASGUARD_STATEMENTS")
  if [ -z "$completed" ]; then
    # stop the scope from being retried while the next size is set up
    sql casguard_scale "update checker_scope set last_run_started_at = clock_timestamp() where scope = 'all'"
    sleep 12
  fi
  [ "$PROFILE" = 1 ] && jcmd "$pid" JFR.stop name=bench >/dev/null 2>&1
  local log1 m1
  log1=$(stat -c %s "$REGISTRY_LOG")
  local cpu_cas cpu_reg cpu_proxy cpu_pg
  cpu_cas=$(awk -v a="$cpu_cas0" -v b="$(cpu_seconds "$pid")" 'BEGIN{printf "%.1f", b-a}')
  cpu_reg=$(awk -v a="$cpu_reg0" -v b="$(cpu_seconds "$REGISTRY_PID")" 'BEGIN{printf "%.1f", b-a}')
  cpu_proxy=$(awk -v a="$cpu_proxy0" -v b="$(proxies_cpu)" 'BEGIN{printf "%.1f", b-a}')
  cpu_pg=$(awk -v a="$cpu_pg0" -v b="$(cpu_seconds "$postmaster" yes)" 'BEGIN{printf "%.1f", b-a}')
  m1=$(machine_cpu)
  set_delay 0 "$delay_file"
  jcmd "$pid" GC.run >/dev/null 2>&1; sleep 1
  local heap1; heap1=$(heap_used_mb "$pid")

  local attempts outcomes secs="" checked="" failed="" validated severe tickfailed
  attempts=$(sql casguard_scale "select count(*) from checker_tick where scope = 'all' and id > $last_id")
  outcomes=$(sql casguard_scale "select string_agg(coalesce(outcome, 'running') || '(' || backends_checked || ')', ' ' order by id) from checker_tick where scope = 'all' and id > $last_id")
  if [ -n "$completed" ]; then
    IFS='|' read -r secs checked failed <<<"$(sql casguard_scale "select extract(epoch from finished_at - started_at), backends_checked, backends_failed from checker_tick where id = $completed")"
  fi
  validated=$(sql casguard_scale "select count(*) from cas_backend where deleted_at is null and validated_at >= (select min(started_at) from checker_tick where scope = 'all' and id > $last_id)")
  severe=$(tail -c +$((ilog0 + 1)) "$ilog" | grep -c 'SEVERE' || true)
  tickfailed=$(tail -c +$((ilog0 + 1)) "$ilog" | grep -c 'tick failed' || true)

  local window requests posts span busy
  window=$(tool window "$REGISTRY_LOG" "$log0" "$log1")
  echo "$window" > "$WORK/registry-window-$size.txt"
  requests=$(awk '/^REQUESTS/{print $2}' <<<"$window")
  posts=$(awk '$1 == "KIND" && index($2, "POST_blobs") == 1 {s += $3} END {print s + 0}' <<<"$window")
  span=$(grep '^POSTS_PER_SECOND' <<<"$window" | awk '{n = split($NF, a, ":"); print a[1] + 1}')
  busy=$(awk -v a="$m0" -v b="$m1" 'BEGIN{split(a,x," "); split(b,y," "); printf "%.0f", 100*(y[1]-x[1])/(y[2]-x[2])}')
  awk -v size="$size" -v secs="$secs" -v checked="$checked" -v failed="$failed" -v completed="$completed" \
      -v attempts="$attempts" -v outcomes="$outcomes" -v validated="$validated" -v wall="$wall" -v span="${span:-0}" \
      -v req="$requests" -v posts="$posts" -v cas="$cpu_cas" -v reg="$cpu_reg" -v prx="$cpu_proxy" -v pg="$cpu_pg" \
      -v busy="$busy" -v bare_s="$bare_s" -v bare_cpu="$bare_cpu" -v bare_failed="$bare_failed" -v stmts="$stmts" \
      -v heap0="$heap0" -v heap1="$heap1" -v heap_peak="$heap_peak" -v threads0="$threads0" -v threads_peak="$threads_peak" 'BEGIN{
        printf "   %d backends: bare client %.1f s (%d failed), CPU %.2f ms per check\n", size, bare_s, bare_failed, bare_cpu
        if (completed != "") {
          printf "      completed tick %.1f s (checked %d, failed %d) after %d attempt(s): %s\n", secs, checked, failed, attempts, outcomes
          printf "      RATIO tick/bare = %.2f  (goal <= 1.3)\n", secs / bare_s
        } else {
          printf "      NO completed tick within %d s; %d attempt(s) started, outcome(checked) each: %s\n", wall, attempts, outcomes
          printf "      RATIO tick/bare > %.2f (did not finish)\n", wall / bare_s
        }
        n = checked ? checked : posts
        printf "      CPU ms per check: casguard %.2f = %.1f x the bare client; registry %.2f, proxies %.2f, postgres %.2f; machine busy %s%%\n", n ? cas * 1000 / n : 0, n && bare_cpu ? cas * 1000 / n / bare_cpu : 0, n ? reg * 1000 / n : 0, n ? prx * 1000 / n : 0, n ? pg * 1000 / n : 0, busy
        printf "      database statements per check: %.2f (%d by casguard while the tick ran, pg_stat_statements)\n", n ? stmts / n : 0, stmts
        printf "      heap after a full GC: %d MB before, %d MB after -> growth %d MB (goal <= 64 at 100,000); peak used while it ran %d MB\n", heap0, heap1, heap1 - heap0, heap_peak
        printf "      threads: %d before, at most %d while it ran\n", threads0, threads_peak
        printf "      backends validated since the tick started: %d of %d; registry requests %.2f per check; check rate %.0f/s over %d s\n", validated, size, posts ? req / posts : 0, span ? posts / span : 0, span
      }' | tee -a "$RESULTS"
  out "      statements by calls (per check):"
  sql casguard_scale "select round(calls::numeric / greatest(${checked:-$posts}, 1), 2) || '  ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 110) from $CASGUARD_STATEMENTS order by calls desc limit 8" \
    | sed 's/^/        /' | tee -a "$RESULTS"
  out "      instance log: $tickfailed 'tick failed', $severe SEVERE records"
  out "      other busy processes (before): $others_before"
  if [ -s "$WORK/tick-$size.jfr" ]; then
    out "      casguard CPU profile over the whole wait (JFR execution samples):"
    tool jfr "$WORK/tick-$size.jfr" 12 | sed 's/^/      /' | tee -a "$RESULTS"
  fi
  local dd
  for dd in 1 2; do
    if [ -f "$WORK/jstack-$size-$dd.txt" ]; then
      out "      thread dump $dd ($( [ $dd = 1 ] && echo 5 || echo 15 ) s after the tick started):"
      tool threads "$WORK/jstack-$size-$dd.txt" | head -17 | sed 's/^/      /' | tee -a "$RESULTS"
    fi
  done
}

for part in $PARTS; do "part_$part"; done
out ""
out "full output: $RESULTS; thread dumps and registry windows under $WORK"
