#!/usr/bin/env bash
# Cold start (empty state dir) and warm start (second run, same state dir) of one preview until the router serves its
# frontend; an additional PR added by a later run while the first AppHost serves (engines and template up): from a
# standby slot, and — with both slots busy — by an AppHost of its own that joins; PRs 42+43 in one run; and the
# resident memory of each.
#   bench/startup.sh            (after eng/setup.sh and dotnet build src/AppHost)
set -euo pipefail
cd "$(dirname "$0")/.."
apphost=src/AppHost/bin/Debug/net10.0/AppHost.dll
[ -f "$apphost" ] || dotnet build src/AppHost --verbosity quiet --nologo
state=$(mktemp -d /tmp/preview-bench-XXXX); chmod 755 "$state"
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
export ASPNETCORE_URLS=http://127.0.0.1:0 ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:0 ASPIRE_ALLOW_UNSECURED_TRANSPORT=true

# Sums the proportional resident memory (PSS, MB) of the AppHost and everything it started: DCP detaches itself (its command line names
# the AppHost's pid after --monitor), so its processes are found from there.
tree_rss() {
  python3 - "$1" <<'PY'
import os, sys
apphost = int(sys.argv[1]); children = {}; rss = {}; roots = [apphost]
for pid in filter(str.isdigit, os.listdir('/proc')):
    try:
        stat = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
        children.setdefault(int(stat[1]), []).append(int(pid))
        # Proportional set size: shared pages (the runtime, DCP's binary) are split among the processes sharing them.
        rss[int(pid)] = next(int(l.split()[1]) for l in open(f'/proc/{pid}/smaps_rollup') if l.startswith('Pss:')) * 1024
        cmd = open(f'/proc/{pid}/cmdline').read().split('\0')
        if 'start-apiserver' in cmd and '--monitor' in cmd and cmd[cmd.index('--monitor') + 1] == str(apphost):
            roots.append(int(pid))
    except (OSError, IndexError): pass
total, todo, seen = 0, roots, set()
while todo:
    p = todo.pop()
    if p in seen: continue
    seen.add(p); total += rss.get(p, 0); todo += children.get(p, [])
print(total // (1024 * 1024))
PY
}

# Starts the AppHost with "$@", waits until each given PR's frontend answers 200 through the router, prints seconds.
run() {
  local prs=("$@") args=() start end
  for pr in "${prs[@]}"; do args+=(--pr "$pr"); done
  start=$(date +%s.%N)
  dotnet "$apphost" "${args[@]}" --router-port "$port" --state-dir "$state" --infrastructure process > "$state/apphost.log" 2>&1 &
  echo $! > "$state/pid"
  for pr in "${prs[@]}"; do
    until curl -sf -o /dev/null -H "Host: pr$pr.preview.localhost" "http://127.0.0.1:$port/"; do sleep 0.2; done
  done
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.1f}')"
}

# With an AppHost serving, starts a later run for PR $1 on the same state dir (a standby slot serves it, or, with every
# slot busy, it starts an AppHost of its own that joins); prints seconds until the running router serves its frontend.
join() {
  local start end
  start=$(date +%s.%N)
  dotnet "$apphost" --pr "$1" --state-dir "$state" > "$state/join$1.log" 2>&1 &
  echo $! > "$state/join$1"
  until curl -sf -o /dev/null -H "Host: pr$1.preview.localhost" "http://127.0.0.1:$port/"; do sleep 0.05; done
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.1f}')"
}

stop() { local p; p=$(cat "$state/${1:-pid}"); kill -TERM "$p"; while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; sleep 2; }
percent() { python3 -c "print(round(100 * $1 / $cold))"; }

cold=$(run 42)
# The additional PR is measured against the running, idle stack: right after its cold start the AppHost's own services
# are still compiling their code (tiered JIT) and compete for the 2 CPUs.
sleep 15; rss_one=$(tree_rss "$(cat "$state/pid")")
slot_a=$(join 44); sleep 5; rss_slot=$(tree_rss "$(cat "$state/pid")"); stop join44
slot_b=$(join 45); stop join45
join 46 > /dev/null; join 47 > /dev/null           # both standby slots busy
joined=$(join 48); sleep 5; rss_join=$(tree_rss "$(cat "$state/join48")")
stop join48; stop join47; stop join46
grep -h "is served from" "$state/apphost.log" | sed 's/^ */  owner log: /' > "$state/served.txt"
stop
warm=$(run 42); stop
two=$(run 42 43); sleep 5; rss_two=$(tree_rss "$(cat "$state/pid")"); stop
echo "cold start, PR 42 (empty state dir):             ${cold} s"
echo "warm start, PR 42 (second run):                  ${warm} s"
echo "PR 44 added from a standby slot:                 ${slot_a} s  ($(percent "$slot_a") % of cold start)"
echo "PR 45 added from the same slot, reused:          ${slot_b} s  ($(percent "$slot_b") % of cold start)"
cat "$state/served.txt"
echo "PR 48 added by a joining AppHost (slots busy):   ${joined} s  ($(percent "$joined") % of cold start)"
echo "PRs 42+43 on existing engines and template:      ${two} s"
echo "memory (PSS), whole preview of 1 PR:             ${rss_one} MB"
echo "memory (PSS), with PR 44 in a standby slot:      ${rss_slot} MB  (additional PR: $((rss_slot - rss_one)) MB)"
echo "memory (PSS), 2 PRs in one run:                  ${rss_two} MB  (additional PR: $((rss_two - rss_one)) MB)"
echo "memory (PSS), joining AppHost with PR 48:        ${rss_join} MB  (its own DCP and dashboard included)"
rm -rf "$state"
