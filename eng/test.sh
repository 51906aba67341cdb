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

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit "$status"
