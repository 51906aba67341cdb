#!/usr/bin/env bash
# Router vs nginx: both proxies side by side in one run, each mapping pr<N>.<domain> and pr<N>-api.<domain> for N in
# 1..PREVIEWS to one fast backend (nginx answering a small static body), driven alternately by wrk with the Host header
# rotating over every registered host. Reports requests/s and p50/p99 latency of each run, then the median per proxy
# and size, and the router/nginx ratios.
#
#   bench/router.sh                      # 1 and 10000 previews, 3 rounds of 10 s per proxy and size
#   ROUNDS=5 DURATION=15 bench/router.sh
#   MODE=context bench/router.sh         # the cost of the routing context instead (bench/router/context.sh)
#   VARIANT_ENV="DOTNET_gcServer=0" bench/router.sh   # a second router (other settings, or VARIANT_DLL=another build)
#                                        # in the same rotation, then side by side with the default: variant/router
#   VARIANT_ENV="Router__FastPath=false" bench/router.sh   # the fast path against Kestrel and the direct path
#   VARIANT_ENV="Router__FastPath=false Router__DirectForwarding=false" bench/router.sh   # ... against Kestrel and YARP
#
# Needs nginx and wrk (apt-get install -y nginx wrk) and the .NET SDK. Everything listens on 127.0.0.1 only and is
# stopped on exit. Results go to bench/results/router-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${MODE:-nginx}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
SIZES=${SIZES:-"1 10000"}
DOMAIN=preview.localhost
BACKEND_PORT=${BACKEND_PORT:-21100}
NGINX_BASE_PORT=${NGINX_BASE_PORT:-21200}
ROUTER_BASE_PORT=${ROUTER_BASE_PORT:-21300}
# Extra environment for the router process (experiments), e.g. ROUTER_ENV="DOTNET_gcServer=0".
ROUTER_ENV=${ROUTER_ENV:-}
# A second router measured in the same rotation (an experiment against the default in the same time window): set
# VARIANT_ENV (its extra environment, e.g. VARIANT_ENV="DOTNET_gcServer=0") and/or VARIANT_DLL (another build).
VARIANT_ENV=${VARIANT_ENV:-}
VARIANT_DLL=${VARIANT_DLL:-}
VARIANT=0; [ -n "$VARIANT_ENV$VARIANT_DLL" ] && VARIANT=1
# Ports stay below the ephemeral range (32768+ on Linux), where outgoing connections could already hold them.
# The router build to run; BUILD=0 reuses the existing one.
CONFIGURATION=${CONFIGURATION:-Release}
BUILD=${BUILD:-1}

for tool in nginx wrk dotnet; do
  command -v "$tool" >/dev/null || { echo "router.sh: '$tool' is missing (apt-get install -y nginx wrk)" >&2; exit 1; }
done

# reuseport would let a second nginx share a port silently with a leftover one: refuse to start instead.
for port in "$BACKEND_PORT" $(seq $((NGINX_BASE_PORT + 1)) $((NGINX_BASE_PORT + 9))) $(seq $((ROUTER_BASE_PORT + 1)) $((ROUTER_BASE_PORT + 9))); do
  if ss -ltnH "sport = :$port" | grep -q .; then echo "router.sh: port $port is in use on this machine" >&2; exit 1; fi
done

out="bench/results/router-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
out=$(cd "$out" && pwd)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for conf in "$out"/nginx-*.conf; do [ -e "$conf" ] && nginx -c "$conf" -p "$out" -s quit 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

if [ "$BUILD" = 1 ]; then
  dotnet build src/Router -c "$CONFIGURATION" --nologo -v q -clp:ErrorsOnly >/dev/null
fi
router_dll="$PWD/src/Router/bin/$CONFIGURATION/net10.0/Router.dll"
variant_dll=${VARIANT_DLL:-$router_dll}

wait_for() { # host port
  for _ in $(seq 100); do
    curl -fs -o /dev/null -H "Host: $1" "http://127.0.0.1:$2/" && return 0
    sleep 0.1
  done
  echo "router.sh: nothing answers for $1 on port $2" >&2; exit 1
}
proxy_pids() { # proxy size router_pid -> the pids whose CPU time is the proxy's
  if [ "$1" = nginx ]; then
    local master; master=$(cat "$out/nginx-$2.pid"); echo "$master" $(pgrep -P "$master")
  elif [ "$1" = variant ]; then
    echo "$4"
  else
    echo "$3"
  fi
}
cpu_ticks() { # pids -> user+system clock ticks used so far
  local total=0 pid
  for pid in "$@"; do total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat"))); done
  echo "$total"
}
to_ms() { # wrk latency (e.g. 512.00us, 1.23ms, 1.01s) -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}

wrk_row() { # label wrk-output cpu-us-per-request -> one row: label requests/s p50 p99 non-2xx cpu
  local rps p50 p99 bad
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$2")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$2")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$2")")
  bad=$(awk '/Non-2xx/ { print $NF }' <<<"$2"); bad=${bad:-0}
  echo "$1 $rps $p50 $p99 $bad $3"
}
measure() { # label watched-pids -- wrk arguments... -> one row of runs.txt, with the watched processes' CPU per request
  local label=$1 watched=$2 before after result requests cpu
  shift 3
  before=$(cpu_ticks $watched)
  result=$(wrk "$@")
  after=$(cpu_ticks $watched)
  echo "$result" >"$out/wrk-${label// /-}.txt"
  requests=$(awk '/requests in/ { print $1 }' <<<"$result")
  cpu=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  wrk_row "$label" "$result" "$cpu" | tee -a "$out/runs.txt"
}
hz=$(getconf CLK_TCK)

# The backend: nginx answering a 13-byte body, with keep-alive; the same for both proxies.
cat >"$out/nginx-backend.conf" <<CONF
worker_processes auto;
pid $out/nginx-backend.pid;
error_log $out/nginx-backend.error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$BACKEND_PORT reuseport;
    location / { default_type text/plain; return 200 "Hello, world\n"; }
    # What the proxy forwarded as routing context (MODE=context checks it before measuring).
    location = /baggage { default_type text/plain; return 200 "\$http_baggage\n"; }
  }
}
CONF
nginx -c "$out/nginx-backend.conf" -p "$out"

if [ "$MODE" = context ]; then
  . bench/router/context.sh
  exit 0
fi

# The proxies, one of each per size.
index=0
for size in $SIZES; do
  index=$((index + 1))
  nginx_port=$((NGINX_BASE_PORT + index))
  router_port=$((ROUTER_BASE_PORT + index))
  # nginx as a platform team would write it: a hostname map (a hash lookup), keep-alive to the upstream, X-Forwarded-*.
  {
    echo "worker_processes auto;"
    echo "pid $out/nginx-$size.pid;"
    echo "error_log $out/nginx-$size.error.log warn;"
    echo "events { worker_connections 4096; }"
    echo "http {"
    echo "  access_log off;"
    echo "  keepalive_requests 1000000;"
    echo "  map_hash_max_size 262144; map_hash_bucket_size 128;"
    echo "  upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 128; keepalive_requests 1000000; }"
    echo "  map \$host \$preview_upstream {"
    echo "    hostnames; default \"\";"
    for ((i = 1; i <= size; i++)); do echo "    pr$i.$DOMAIN backend; pr$i-api.$DOMAIN backend;"; done
    echo "  }"
    echo "  server {"
    echo "    listen 127.0.0.1:$nginx_port reuseport;"
    echo "    location / {"
    echo "      if (\$preview_upstream = \"\") { return 404 \"No preview is served at host '\$host'.\\n\"; }"
    echo "      proxy_pass http://\$preview_upstream;"
    echo "      proxy_http_version 1.1;"
    echo "      proxy_set_header Connection \"\";"
    echo "      proxy_set_header X-Forwarded-Host \$http_host;"
    echo "      proxy_set_header X-Forwarded-Proto \$scheme;"
    echo "      proxy_set_header X-Forwarded-For \$remote_addr;"
    echo "    }"
    echo "  }"
    echo "}"
  } >"$out/nginx-$size.conf"
  nginx -c "$out/nginx-$size.conf" -p "$out"

  # The router standalone, fed the same mapping as a route table file.
  {
    printf '{"previews":['
    for ((i = 1; i <= size; i++)); do
      [ "$i" -gt 1 ] && printf ','
      printf '{"pullRequest":%d,"frontend":"http://127.0.0.1:%d/","api":"http://127.0.0.1:%d/"}' "$i" "$BACKEND_PORT" "$BACKEND_PORT"
    done
    printf ']}\n'
  } >"$out/routes-$size.json"
  env ASPNETCORE_URLS="http://127.0.0.1:$router_port" Router__RoutesFile="$out/routes-$size.json" Router__Domain="$DOMAIN" \
    $ROUTER_ENV dotnet "$router_dll" >"$out/router-$size.log" 2>&1 &
  router_pid=$!
  pids+=("$router_pid")
  variant_port=$((ROUTER_BASE_PORT + 5 + index)) variant_pid=0
  if [ "$VARIANT" = 1 ]; then
    env ASPNETCORE_URLS="http://127.0.0.1:$variant_port" Router__RoutesFile="$out/routes-$size.json" Router__Domain="$DOMAIN" \
      $ROUTER_ENV $VARIANT_ENV dotnet "$variant_dll" >"$out/variant-$size.log" 2>&1 &
    variant_pid=$!
    pids+=("$variant_pid")
  fi
  echo "$size nginx:$nginx_port router:$router_port $router_pid variant:$variant_port $variant_pid" >>"$out/ports"
done

while read -r size n r _ v _; do
  wait_for "pr$size.$DOMAIN" "${n#nginx:}"; wait_for "pr$size-api.$DOMAIN" "${r#router:}"
  [ "$VARIANT" = 1 ] && wait_for "pr$size-api.$DOMAIN" "${v#variant:}"
done <"$out/ports"

run_wrk() { # proxy size port seconds -> wrk output
  PREVIEWS=$2 DOMAIN=$DOMAIN wrk -t"$THREADS" -c"$CONNECTIONS" -d"$4s" --latency -s bench/router/hosts.lua "http://127.0.0.1:$3/"
}
echo "proxy size round requests_per_s p50_ms p99_ms non2xx cpu_us_per_request" >"$out/runs.txt"
for round in $(seq "$ROUNDS"); do
  while read -r size n r router_pid v variant_pid; do
    # Alternate which proxy goes first, so neither always runs on a warmer or quieter machine.
    order="nginx router"; [ $((round % 2)) = 0 ] && order="router nginx"
    if [ "$VARIANT" = 1 ]; then
      order="nginx router variant"; [ $((round % 3)) = 2 ] && order="router variant nginx"; [ $((round % 3)) = 0 ] && order="variant nginx router"
    fi
    for proxy in $order; do
      case $proxy in nginx) port=${n#nginx:} ;; router) port=${r#router:} ;; variant) port=${v#variant:} ;; esac
      [ "$round" = 1 ] && run_wrk "$proxy" "$size" "$port" "$WARMUP" >/dev/null
      PREVIEWS=$size DOMAIN=$DOMAIN measure "$proxy $size $round" "$(proxy_pids "$proxy" "$size" "$router_pid" "$variant_pid")" -- \
        -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/router/hosts.lua "http://127.0.0.1:$port/"
    done
  done <"$out/ports"
done

# With a variant, the two routers also run side by side: two wrk at once with half the connections each, so both see
# the same machine at the same moment, each router's own CPU time per request read from /proc over the same interval.
# On a shared machine this resolves differences of a few percent that consecutive runs cannot.
if [ "$VARIANT" = 1 ]; then
  echo "proxy size round requests_per_s p50_ms p99_ms non2xx cpu_us_per_request" >"$out/pairs.txt"
  for round in $(seq "$ROUNDS"); do
    while read -r size n r router_pid v variant_pid; do
      declare -A before=() files=()
      for proxy in router variant; do
        pid=$([ "$proxy" = router ] && echo "$router_pid" || echo "$variant_pid")
        before[$proxy]=$(cpu_ticks "$pid")
      done
      wrk_pids=()
      for proxy in router variant; do
        port=$([ "$proxy" = router ] && echo "${r#router:}" || echo "${v#variant:}")
        files[$proxy]="$out/pair-$proxy-$size-$round.txt"
        PREVIEWS=$size DOMAIN=$DOMAIN wrk -t1 -c$((CONNECTIONS / 2)) -d"${DURATION}s" --latency -s bench/router/hosts.lua \
          "http://127.0.0.1:$port/" >"${files[$proxy]}" &
        wrk_pids+=("$!")
      done
      wait "${wrk_pids[@]}"
      for proxy in router variant; do
        pid=$([ "$proxy" = router ] && echo "$router_pid" || echo "$variant_pid")
        result=$(cat "${files[$proxy]}")
        requests=$(awk '/requests in/ { print $1 }' <<<"$result")
        cpu=$(awk -v t=$(($(cpu_ticks "$pid") - ${before[$proxy]})) -v hz="$hz" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
        wrk_row "$proxy $size $round" "$result" "$cpu" | tee -a "$out/pairs.txt"
      done
    done <"$out/ports"
  done
fi

# Medians per proxy and size, and the ratios.
python3 - "$out/runs.txt" <<'PY' | tee "$out/summary.txt"
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]).read().splitlines()[1:]]
med = {}
for proxy, size, _, rps, p50, p99, bad, cpu in rows:
    med.setdefault((proxy, int(size)), []).append((float(rps), float(p50), float(p99), int(bad), float(cpu)))
print(f"{'size':>6} {'proxy':>7} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'CPU us/req':>10}")
proxies = [p for p in ("nginx", "router", "variant") if any(k[0] == p for k in med)]
def ratios(size, test, base):
    n = {int(r[2]): r for r in rows if r[0] == base and int(r[1]) == size}
    t = {int(r[2]): r for r in rows if r[0] == test and int(r[1]) == size}
    thr = statistics.median(float(t[k][3]) / float(n[k][3]) for k in n)
    p99 = statistics.median(float(t[k][5]) / float(n[k][5]) for k in n)
    cpu = statistics.median(float(t[k][7]) / float(n[k][7]) for k in n)
    print(f"{size:>6} {test}/{base}: throughput {thr:.2f}x, p99 {p99:.2f}x, CPU per request {cpu:.2f}x (medians of per-round ratios)")
for size in sorted({s for _, s in med}):
    for proxy in proxies:
        runs = med[(proxy, size)]
        print(f"{size:>6} {proxy:>7} {statistics.median(r[0] for r in runs):>9.0f} {statistics.median(r[1] for r in runs):>8.3f} {statistics.median(r[2] for r in runs):>8.3f} {sum(r[3] for r in runs):>8} {statistics.median(r[4] for r in runs):>10.1f}")
    # Ratios per round (same round = same machine conditions), then their median.
    ratios(size, "router", "nginx")
    if "variant" in proxies:
        ratios(size, "variant", "nginx")
        ratios(size, "variant", "router")
import os
pairs = os.path.join(os.path.dirname(sys.argv[1]), "pairs.txt")
if os.path.exists(pairs):
    rows = [line.split() for line in open(pairs).read().splitlines()[1:]]
    print("side by side (both routers at once, half the connections each):")
    for size in sorted({int(r[1]) for r in rows}):
        ratios(size, "variant", "router")
sizes = sorted({s for _, s in med})
if len(sizes) > 1:
    small, large = sizes[0], sizes[-1]
    r = statistics.median(x[0] for x in med[("router", large)]) / statistics.median(x[0] for x in med[("router", small)])
    print(f"router at {large} previews / at {small}: throughput {r:.2f}x")
PY
echo "results: $out"
