#!/usr/bin/env bash
# The routing context between .NET services, end to end on a real host: the baseline's order page (the frontend renders
# it after calling the API) requested as main.<domain> (no routing context) and as pr47.<domain>, a PR that forks nothing
# (--changed-from HEAD: an empty diff), so the same two processes serve it in PR 47's context: the router sets the
# baggage, the frontend enters it, resolves the API through the service mesh and carries the baggage to the API, which
# enters it too. wrk drives both hosts side by side (half the connections each) in each round, then one after the other.
#   bench/context-services.sh      (after eng/setup.sh and dotnet build src/AppHost; needs wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "context-services.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }
ROUNDS=${ROUNDS:-5}; DURATION=${DURATION:-8}
. bench/host-lib.sh
trap 'for f in "$state"/*.pid; do kill -TERM "$(cat "$f")" 2>/dev/null || true; done; sleep 10; rm -rf "$state"' EXIT

dotnet "$apphost" --router-port "$port" --state-dir "$state" --infrastructure process > "$state/host.log" 2>&1 &
echo $! > "$state/host.pid"
until grep -q "The baseline is served at" "$state/host.log"; do sleep 0.5; done
read -r _ _ <<<"$(later 47 --changed-from HEAD)"
grep -q "forks nothing" "$state/run47.log" || { echo "PR 47 was expected to fork nothing" >&2; exit 1; }
curl -sf -H "Host: pr47.preview.localhost" "http://127.0.0.1:$port/" | grep -q "Preview of PR 47" || { echo "pr47 is not PR 47's page" >&2; exit 1; }
sleep 10

# "<requests/s> <p99 ms>" of wrk against host $1 with $2 connections.
wrk_run() {
  wrk -t1 -c"$2" -d"${DURATION}s" --latency -H "Host: $1.preview.localhost" "http://127.0.0.1:$port/" |
    awk '/Requests\/sec/ {rps=$2} /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; p99=v} END {print rps, p99}'
}

wrk_run main 8 > /dev/null; wrk_run pr47 8 > /dev/null   # warm-up
rows=()
for round in $(seq 1 "$ROUNDS"); do
  wrk_run main 8 > "$state/a" & side=$!; wrk_run pr47 8 > "$state/b"; wait "$side"
  read -r side_main side_main_p99 < "$state/a"; read -r side_pr side_pr_p99 < "$state/b"
  read -r alone_main alone_main_p99 <<<"$(wrk_run main 16)"; read -r alone_pr alone_pr_p99 <<<"$(wrk_run pr47 16)"
  rows+=("$side_main $side_main_p99 $side_pr $side_pr_p99 $alone_main $alone_main_p99 $alone_pr $alone_pr_p99")
done
printf '%s\n' "${rows[@]}" | python3 -c '
import sys, statistics as st
r = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
med = lambda i: st.median(x[i] for x in r)
ratio = lambda a, b: st.median(x[a] / x[b] for x in r)
print(f"rounds: {len(r)}")
print(f"side by side: main {med(0):.0f} req/s p99 {med(1):.1f} ms; pr47 {med(2):.0f} req/s p99 {med(3):.1f} ms; throughput {ratio(2,0):.3f}x, p99 {ratio(3,1):.3f}x")
print(f"alone:        main {med(4):.0f} req/s p99 {med(5):.1f} ms; pr47 {med(6):.0f} req/s p99 {med(7):.1f} ms; throughput {ratio(6,4):.3f}x, p99 {ratio(7,5):.3f}x")
'
