# Shared by bench/checker.sh and bench/request-path.sh (sourced, not run).
# Everything binds and talks to 127.0.0.1; every process started here is recorded in PIDS and
# ended by the EXIT trap; every wait is bounded.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CASGUARD_ROOT=$ROOT
. "$ROOT/scripts/war-and-payara.sh"
PIDS=()
PG_DIRS=()

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
  local dir
  for dir in "${PG_DIRS[@]}"; do "$ROOT/scripts/throwaway-postgres.sh" --stop "$dir" || true; done
}

install_traps() {
  trap cleanup EXIT
  trap 'log "interrupted"; exit 130' INT TERM
}

require_free_port() {
  if ss -ltnH "sport = :$1" | grep -q .; then die "port $1 is in use"; fi
}

build_war() {
  casguard_war || die "WAR build failed"
}

# The stock Payara Micro jar, as bin/run fetches it.
micro_jar() {
  payara_jar || die "could not fetch payara-micro"
  MICRO_JAR=$PAYARA_JAR
}

# The tools use casguard's own classes where they must agree with it (the credential cipher): taken
# from the WAR just built, so they match the instances under test.
compile_tools() {
  mkdir -p "$WORK/classes" "$WORK/casguard"
  (cd "$WORK/casguard" && jar xf "$WAR" WEB-INF/classes) || die "could not read $WAR"
  javac -cp "$WORK/casguard/WEB-INF/classes" -d "$WORK/classes" "$ROOT"/bench/src/*.java || die "javac failed"
}

tool() { java -cp "$WORK/classes:$WORK/casguard/WEB-INF/classes" BenchTool "$@"; }

# start_pg DIR PORT: a fresh throwaway PostgreSQL (any old one in DIR is stopped and wiped).
start_pg() {
  local dir=$1 port=$2
  "$ROOT/scripts/throwaway-postgres.sh" --stop "$dir" || true
  require_free_port "$port"
  rm -rf "$dir"
  PG_DIRS+=("$dir")
  eval "$("$ROOT/scripts/throwaway-postgres.sh" "$dir" "$port")"
  PG_PORT=$port
  PG_DIR=$dir
  export CASGUARD_DB_URL CASGUARD_DB_USER CASGUARD_DB_PASSWORD
}

# sql DB STATEMENT: one statement, unaligned tuples-only output.
sql() {
  PGPASSWORD=$CASGUARD_DB_PASSWORD PGCONNECT_TIMEOUT=5 psql -h 127.0.0.1 -p "$PG_PORT" -U "$CASGUARD_DB_USER" \
    -d "$1" -tAq -v ON_ERROR_STOP=1 -c "$2"
}

# prepare_bench PG_DIR: the parts every benchmark shares. Builds the WAR, fetches Payara Micro,
# compiles the tools, makes this run's secrets, starts PostgreSQL (PG_PORT_BENCH) in PG_DIR and a
# registry on REG_PORT (REG_USER/REG_PASS, default bench), and points instances at that database.
prepare_bench() {
  build_war
  micro_jar
  compile_tools
  SECRETS_KEY=$(openssl rand -base64 32)
  ADMIN_TOKEN=bench-admin-$(openssl rand -hex 16)
  start_pg "$1" "$PG_PORT_BENCH"
  : "${REG_USER:=bench}" "${REG_PASS:=bench-registry-pw}"
  start_registry "$REG_PORT" "$WORK/registry" "$REG_USER" "$REG_PASS"
  INSTANCE_DB_URL=jdbc:postgresql://127.0.0.1:$PG_PORT_BENCH/casguard
}

# start_registry PORT DIR USER PASS: Debian's docker-registry, htpasswd auth, info-level access log.
start_registry() {
  local port=$1 dir=$2 user=$3 pass=$4
  require_free_port "$port"
  rm -rf "$dir"; mkdir -p "$dir/data"
  # bcrypt cost 4 (the minimum): the registry verifies it on every request and stands in for a
  # remote provider, so its CPU should not dominate this 2-core machine.
  htpasswd -Bbn -C 4 "$user" "$pass" > "$dir/htpasswd"
  cat > "$dir/config.yml" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
auth:
  htpasswd:
    realm: casguard-bench
    path: $dir/htpasswd
EOF
  docker-registry serve "$dir/config.yml" > "$dir/registry.log" 2>&1 &
  REGISTRY_PID=$!
  PIDS+=("$REGISTRY_PID")
  REGISTRY_LOG=$dir/registry.log
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/v2/")" = 401 ] && return 0
    sleep 0.1
  done
  die "registry on $port did not start"
}

# start_instance NAME PORT HEAP [VAR=VALUE ...]: one stock Payara Micro deploying the WAR, settings
# only from the environment. Sets INSTANCE_PID.
start_instance() {
  local name=$1 port=$2 heap=$3; shift 3
  require_free_port "$port"
  mkdir -p "$WORK/logs"
  # Payara Micro starts its Hazelcast data grid even with --nocluster and binds it to every
  # interface; pin it to loopback (casguard does not use the grid).
  { cat "$ROOT/server-config/loopback.asadmin"; echo; echo "set hazelcast-runtime-configuration.interface=127.0.0.1"; } \
    > "$WORK/preboot.asadmin"
  env CASGUARD_INSTANCE_NAME="$name" CASGUARD_SECRETS_KEY="$SECRETS_KEY" CASGUARD_ADMIN_TOKEN="$ADMIN_TOKEN" \
      CASGUARD_DB_URL="$INSTANCE_DB_URL" CASGUARD_DB_USER="$CASGUARD_DB_USER" CASGUARD_DB_PASSWORD="$CASGUARD_DB_PASSWORD" \
      "$@" \
      java "-Xmx$heap" -Dhazelcast.socket.bind.any=false ${JAVA_EXTRA:-} -jar "$MICRO_JAR" --deploy "$WAR" \
      --contextroot / --port "$port" --nocluster --interfaces 127.0.0.1 --prebootcommandfile "$WORK/preboot.asadmin" \
      > "$WORK/logs/$name.log" 2>&1 &
  INSTANCE_PID=$!
  PIDS+=("$INSTANCE_PID")
  log "started $name (pid $INSTANCE_PID) on 127.0.0.1:$port"
}

# wait_ready PORT PID SECONDS
wait_ready() {
  local port=$1 pid=$2 limit=$3 start=$SECONDS
  while [ $((SECONDS - start)) -lt "$limit" ]; do
    kill -0 "$pid" 2>/dev/null || die "instance on $port exited during start-up (see $WORK/logs)"
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/health/ready")" = 200 ] && {
      log "instance on $port ready after $((SECONDS - start)) s"; return 0; }
    sleep 0.5
  done
  die "instance on $port not ready within $limit s"
}

stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
}

# api METHOD PORT PATH TOKEN [JSON]: prints "STATUS BODY".
api() {
  local method=$1 port=$2 path=$3 token=$4 body=${5:-}
  local out
  if [ -n "$body" ]; then
    out=$(curl -s --max-time 30 -X "$method" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "$body" -w '\n%{http_code}' "http://127.0.0.1:$port$path")
  else
    out=$(curl -s --max-time 30 -X "$method" -H "Authorization: Bearer $token" -w '\n%{http_code}' \
      "http://127.0.0.1:$port$path")
  fi
  printf '%s %s\n' "$(tail -n1 <<<"$out")" "$(sed '$d' <<<"$out")"
}

# expect STATUS "STATUS BODY"
expect() { [ "${2%% *}" = "$1" ] || die "expected HTTP $1, got: $2"; }

# CPU seconds (user+system) used so far by a process; for the PostgreSQL postmaster, with its
# children (live backends plus the exited ones it has reaped).
cpu_seconds() {
  local pid=$1 with_children=${2:-no} ticks
  ticks=$(awk '{print $14+$15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
  if [ "$with_children" = yes ]; then
    ticks=$(( ticks + $(awk '{print $16+$17}' "/proc/$pid/stat") ))
    local child
    for child in $(ps --ppid "$pid" -o pid= 2>/dev/null); do
      ticks=$(( ticks + $(awk '{print $14+$15}' "/proc/$child/stat" 2>/dev/null || echo 0) ))
    done
  fi
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.2f", t/hz}'
}

# Machine-wide busy and total CPU time (jiffies) from /proc/stat.
machine_cpu() { awk '/^cpu /{busy=$2+$3+$4+$7+$8+$9; total=busy+$5+$6; print busy, total}' /proc/stat; }

machine_line() {
  echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GB RAM", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), loadavg $(cut -d' ' -f1-3 /proc/loadavg)"
}

# Other heavy processes on the machine (not ours), to judge noise.
others_line() {
  local mine=" ${PIDS[*]} "
  ps -eo pid=,pcpu=,comm= --sort=-pcpu | awk -v mine="$mine" '$2 > 5 && index(mine, " " $1 " ") == 0 {printf "%s(%s%%) ", $3, $2}' | head -c 300
}
