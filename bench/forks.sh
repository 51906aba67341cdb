#!/usr/bin/env bash
# Selective replication, in one run on one state directory (issue: a one-service fork should take at most 10 % of the
# cold start and at most 80 MB PSS):
# - cold start of a host with PR 42 forking everything (empty state dir; the host also starts the baseline) until the
#   router serves PR 42's frontend;
# - PR 44 added by a later run, forking everything; PR 45 forking only the frontend (--fork frontend); PR 46 forking the
#   API (and so the worker); each from the run's start until it reports the PR served, against the cold start;
# - the memory (PSS) of each added PR's processes, and of the whole host before and after.
#   bench/forks.sh            (after eng/setup.sh and dotnet build src/AppHost)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/host-lib.sh

percent() { python3 -c "print(round(100 * $1 / $cold))"; }

# Adds PR $1 with the run arguments that follow, keeps it served while its memory settles, measures, releases it.
# Prints "<seconds until reported served> <PSS of its processes, MB> <host PSS growth, MB>".
measure() {
  local pr=$1 before ready pss after; shift
  before=$(tree_pss "$(cat "$state/host.pid")")
  read -r _ ready <<<"$(later "$pr" "$@")"
  sleep 10
  pss=$(pr_pss "$pr"); after=$(tree_pss "$(cat "$state/host.pid")")
  stop "run$pr"
  echo "$ready $pss $((after - before))"
}

cold=$(host 42)
# Measured against the running, idle host: right after its cold start its services still compile their code (tiered JIT).
sleep 15
read -r all all_pss all_growth <<<"$(measure 44)"
read -r frontend frontend_pss frontend_growth <<<"$(measure 45 --fork frontend)"
read -r api api_pss api_growth <<<"$(measure 46 --fork api)"
grep -h "is served in" "$state/host.log" | sed 's/^ */  host log: /' > "$state/served.txt" || true
stop host
echo "cold start, host with PR 42 forking everything (and the baseline): ${cold} s"
echo "PR 44 forks everything:        ${all} s until served ($(percent "$all") % of cold start), its processes ${all_pss} MB PSS (host grew ${all_growth} MB)"
echo "PR 45 forks only the frontend: ${frontend} s until served ($(percent "$frontend") % of cold start), its processes ${frontend_pss} MB PSS (host grew ${frontend_growth} MB)"
echo "PR 46 forks the API (+worker): ${api} s until served ($(percent "$api") % of cold start), its processes ${api_pss} MB PSS (host grew ${api_growth} MB)"
cat "$state/served.txt"
rm -rf "$state"
