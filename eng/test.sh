#!/usr/bin/env bash
# Runs the whole test suite (unit, integration on the real stack, manifests) with the same setup as eng/run.sh,
# and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

eng/setup.sh || exit 1
results=artifacts/test-results
rm -rf "$results"
dotnet build PreviewAspire.sln --verbosity quiet --nologo -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
dotnet test PreviewAspire.sln --no-build --nologo --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
status=$?

# The end-to-end suite against a real local preview, as the cluster's merge gate runs it against a PR's URLs.
e2e_state=$(mktemp -d /tmp/preview-e2e-XXXX); chmod 755 "$e2e_state"
e2e_port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
dotnet src/AppHost/bin/Debug/net10.0/AppHost.dll --pr 4242 --router-port "$e2e_port" --state-dir "$e2e_state" --infrastructure process --slots 0 \
  > "$results/e2e-host.log" 2>&1 &
e2e_host=$!
e2e_up=0
for _ in $(seq 1 600); do
  if curl -sf -o /dev/null -H "Host: pr4242.preview.localhost" "http://127.0.0.1:$e2e_port/" \
    && curl -sf -o /dev/null -H "Host: pr4242-api.preview.localhost" "http://127.0.0.1:$e2e_port/orders"; then e2e_up=1; break; fi
  kill -0 "$e2e_host" 2>/dev/null || break
  sleep 0.5
done
if [ "$e2e_up" = 1 ]; then
  PREVIEW_FRONTEND_URL="http://pr4242.preview.localhost:$e2e_port/" PREVIEW_API_URL="http://pr4242-api.preview.localhost:$e2e_port/" \
  PREVIEW_UNKNOWN_URL="http://pr999999999.preview.localhost:$e2e_port/" PREVIEW_E2E_REQUIRE_BROWSER=1 \
    dotnet test tests/Preview.EndToEndTests --no-build --nologo --logger "trx;LogFileName=end-to-end.trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=1
else
  echo "end-to-end: the local preview did not come up; see $results/e2e-host.log" >&2
  tail -20 "$results/e2e-host.log" >&2
  status=1; e2e_failed=1
fi
kill -TERM "$e2e_host" 2>/dev/null; wait "$e2e_host" 2>/dev/null
rm -rf "$e2e_state"

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
failed=$((failed + ${e2e_failed:-0}))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit "$status"
