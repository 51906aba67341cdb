#!/usr/bin/env bash
# Runs one engine Job in preview-system from its template in the base (preview-provision, preview-teardown,
# preview-inventory): the default branch's provisioner, pinned by digest, with the engines' admin Secret, which never
# leaves preview-system. Waits for it and prints the JSON its verb reports (teardown receipt, inventory) on stdout;
# everything else goes to stderr. Exits non-zero when the Job fails.
# The baseline ("main") is provisioned like a PR but never torn down: the provisioner refuses that, and so does this.
# Usage: engine-job.sh provision PR|main    engine-job.sh teardown PR    engine-job.sh inventory
set -euo pipefail
verb="${1:-}"
ns=preview-system
template="preview-$verb"
case "$verb" in
  provision|teardown)
    . "$(dirname "$0")/preview-args.sh"
    read_preview_key "${2:-}"
    if [ "$verb" = teardown ] && [ "$preview_key" = main ]; then
      echo "engine-job.sh: the baseline (main) is never torn down as a PR; teardown takes a PR number." >&2
      exit 2
    fi
    job="$template-$preview_slug" ;;
  inventory)
    if [ $# -gt 1 ]; then
      echo "engine-job.sh: inventory takes no preview; it lists every one the engines hold." >&2
      exit 2
    fi
    preview_key=""
    preview_slug=""
    job="$template-run$GITHUB_RUN_ID" ;;
  *)
    echo "engine-job.sh: '$verb' is not a verb; expected provision PR|main, teardown PR or inventory." >&2
    exit 2 ;;
esac

kubectl delete job "$job" -n "$ns" --ignore-not-found --wait=true >&2
# The provisioning template reads the PR's passwords from "preview-credentials"; this PR's copy in preview-system has
# the PR in its name (see provision.sh).
kubectl create job "$job" --from="cronjob/$template" -n "$ns" --dry-run=client -o json \
  | jq --arg pr "$preview_key" --arg secret "preview-credentials-$preview_slug" '
      .spec.template.spec.containers[0].env |= (
        map(if .valueFrom.secretKeyRef.name? == "preview-credentials" then .valueFrom.secretKeyRef.name = $secret else . end)
        + (if $pr == "" then [] else [{name: "Preview__PullRequest", value: $pr}] end))' \
  | kubectl apply -f - >&2

result=""
for _ in $(seq 1 150); do
  result=$(kubectl get job "$job" -n "$ns" -o jsonpath='{.status.conditions[?(@.status=="True")].type}')
  case "$result" in *Complete*|*Failed*) break ;; esac
  sleep 4
done

logs=$(kubectl logs "job/$job" -n "$ns" --tail=200 2>/dev/null || true)
printf '%s\n' "$logs" | grep -v '^preview-aspire-' >&2 || true
printf '%s\n' "$logs" | sed -n "s/^preview-aspire-\(receipt\|inventory\): //p" | tail -1
kubectl delete job "$job" -n "$ns" --wait=false >&2
case "$result" in
  *Complete*) exit 0 ;;
  *) echo "::error::Job $job did not complete (${result:-still running after 10 minutes})" >&2; exit 1 ;;
esac
