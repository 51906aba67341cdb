# Shared by the host benchmarks (startup.sh, forks.sh, context-services.sh), sourced from the repository root: the built
# AppHost ($apphost), a fresh state directory ($state) and router port ($port), the dashboard on free loopback ports,
# a host on them, later runs that ask it for PRs, and the memory of what runs.

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

# A later run asking the running host for PR $1 (further arguments go to the run, e.g. --fork frontend):
# prints "<seconds until its frontend is served> <seconds until reported served>".
later() {
  local start frontend pr=$1; shift; start=$(now)
  dotnet "$apphost" --pr "$pr" --state-dir "$state" "$@" > "$state/run$pr.log" 2>&1 &
  set -- "$pr"
  echo $! > "$state/run$1.pid"
  until serves "$1"; do sleep 0.05; done
  frontend=$(since "$start")
  until grep -q "The preview host serves" "$state/run$1.log"; do sleep 0.05; done
  echo "$frontend $(since "$start")"
}

stop() { local p; p=$(cat "$state/$1.pid"); kill -TERM "$p"; while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; sleep 2; }

# Sums the PSS (MB) of the processes that serve PR $1 (their environment has Preview__PullRequest=$1), as 'preview list' does.
pr_pss() {
  python3 - "$1" <<'PY'
import os, sys
entry = f"Preview__PullRequest={sys.argv[1]}".encode(); total = 0
for pid in filter(str.isdigit, os.listdir('/proc')):
    try:
        if entry in open(f'/proc/{pid}/environ', 'rb').read().split(b'\0'):
            total += next(int(l.split()[1]) for l in open(f'/proc/{pid}/smaps_rollup') if l.startswith('Pss:')) * 1024
    except (OSError, StopIteration): pass
print(total // (1024 * 1024))
PY
}
