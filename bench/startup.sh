#!/usr/bin/env bash
# Start-up and memory of the preview host, in one run on one state directory:
# - cold start of a host with PR 42 (empty state dir) until the router serves PR 42's frontend;
# - a PR added to the running host by a later run (eng/run.sh --pr N, here the built AppHost), from the run's start
#   until the router serves the PR's frontend, and until the run reports it served (every service healthy): first use of
#   a slot and reuse of the same slot; each against the cold start;
# - memory (PSS) of the host with PR 42, with one more PR in a slot, and of a host with no PR;
# - a warm start of the host with PR 42 (second run on the same state dir).
#   bench/startup.sh            (after eng/setup.sh and dotnet build src/AppHost)
set -euo pipefail
cd "$(dirname "$0")/.."
apphost=src/AppHost/bin/Debug/net10.0/AppHost.dll
[ -f "$apphost" ] || dotnet build src/AppHost --verbosity quiet --nologo
state=$(mktemp -d /tmp/preview-bench-XXXX); chmod 755 "$state"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
port=$(free_port)
export ASPNETCORE_URLS="http://127.0.0.1:$(free_port)" ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$(free_port)"
export ASPIRE_DASHBOARD_RESOURCESERVICE_ENDPOINT_URL="http://127.0.0.1:$(free_port)" ASPIRE_ALLOW_UNSECURED_TRANSPORT=true

# Sums the proportional resident memory (PSS, MB) of the host and everything it started: DCP detaches itself (its command
# line names the host's pid after --monitor), so its processes are found from there.
tree_pss() {
  python3 - "$1" <<'PY'
import os, sys
apphost = int(sys.argv[1]); children = {}; pss = {}; roots = [apphost]
for pid in filter(str.isdigit, os.listdir('/proc')):
    try:
        stat = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
        children.setdefault(int(stat[1]), []).append(int(pid))
        # Proportional set size: shared pages (the runtime, DCP's binary) are split among the processes sharing them.
        pss[int(pid)] = next(int(l.split()[1]) for l in open(f'/proc/{pid}/smaps_rollup') if l.startswith('Pss:')) * 1024
        cmd = open(f'/proc/{pid}/cmdline').read().split('\0')
        if 'start-apiserver' in cmd and '--monitor' in cmd and cmd[cmd.index('--monitor') + 1] == str(apphost):
            roots.append(int(pid))
    except (OSError, IndexError, StopIteration): pass
total, todo, seen = 0, roots, set()
while todo:
    p = todo.pop()
    if p in seen: continue
    seen.add(p); total += pss.get(p, 0); todo += children.get(p, [])
print(total // (1024 * 1024))
PY
}

now() { date +%s.%N; }
since() { python3 -c "print(f'{$(now) - $1:.1f}')"; }
serves() { curl -sf -o /dev/null -H "Host: pr$1.preview.localhost" "http://127.0.0.1:$port/"; }

# Starts a host with "$@" (PR ids), waits until each PR's frontend answers 200 through the router, prints seconds.
host() {
  local args=() start; start=$(now)
  for pr in "$@"; do args+=(--pr "$pr"); done
  dotnet "$apphost" "${args[@]}" --router-port "$port" --state-dir "$state" --infrastructure process > "$state/host.log" 2>&1 &
  echo $! > "$state/host.pid"
  if [ $# -eq 0 ]; then until grep -q "PreviewAspire host on" "$state/host.log"; do sleep 0.2; done; fi
  for pr in "$@"; do until serves "$pr"; do sleep 0.1; done; done
  since "$start"
}

# A later run asking the running host for PR $1: prints "<seconds until its frontend is served> <seconds until reported served>".
later() {
  local start frontend; start=$(now)
  dotnet "$apphost" --pr "$1" --state-dir "$state" > "$state/run$1.log" 2>&1 &
  echo $! > "$state/run$1.pid"
  until serves "$1"; do sleep 0.05; done
  frontend=$(since "$start")
  until grep -q "The preview host serves" "$state/run$1.log"; do sleep 0.05; done
  echo "$frontend $(since "$start")"
}

stop() { local p; p=$(cat "$state/$1.pid"); kill -TERM "$p"; while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; sleep 2; }
percent() { python3 -c "print(round(100 * $1 / $cold))"; }

cold=$(host 42)
# The additional PR is measured against the running, idle host: right after its cold start the host's own services are
# still compiling their code (tiered JIT) and compete for the 2 CPUs.
sleep 15; pss_one=$(tree_pss "$(cat "$state/host.pid")")
read -r first first_ready <<<"$(later 44)"; sleep 5; pss_slot=$(tree_pss "$(cat "$state/host.pid")"); stop run44
read -r reuse reuse_ready <<<"$(later 45)"; stop run45
grep -h "is served in" "$state/host.log" | sed 's/^ */  host log: /' > "$state/served.txt" || true
stop host
warm=$(host 42); stop host
host > /dev/null; sleep 10; pss_empty=$(tree_pss "$(cat "$state/host.pid")"); stop host
echo "cold start, host with PR 42 (empty state dir):   ${cold} s"
echo "warm start, host with PR 42 (second run):        ${warm} s"
echo "PR 44 added by a later run (first slot use):     ${first} s to its frontend ($(percent "$first") % of cold start), ${first_ready} s until reported served"
echo "PR 45 added by a later run (slot reused):        ${reuse} s to its frontend ($(percent "$reuse") % of cold start), ${reuse_ready} s until reported served"
cat "$state/served.txt"
echo "memory (PSS), host with PR 42:                   ${pss_one} MB"
echo "memory (PSS), with PR 44 in a slot:              ${pss_slot} MB  (additional PR: $((pss_slot - pss_one)) MB)"
echo "memory (PSS), host with no PR (8 idle slots):    ${pss_empty} MB"
rm -rf "$state"
