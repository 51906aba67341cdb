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
. bench/host-lib.sh

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
