#!/usr/bin/env bash
# Runs one engine Job in preview-system from its template in the base (preview-provision, preview-teardown,
# preview-inventory): the default branch's provisioner, pinned by digest, with the engines' admin Secret, which never
# leaves preview-system. Waits for it and prints the JSON its verb reports (teardown receipt, inventory) on stdout;
# everything else goes to stderr. Exits non-zero when the Job fails.
# Usage: engine-job.sh provision|teardown PR    engine-job.sh inventory
set -euo pipefail
verb="$1"
pr="${2:-}"
ns=preview-system
template="preview-$verb"
job="$template-${pr:+pr$pr}${pr:-run$GITHUB_RUN_ID}"

kubectl delete job "$job" -n "$ns" --ignore-not-found --wait=true >&2
# The provisioning template reads the PR's passwords from "preview-credentials"; this PR's copy in preview-system has
# the PR in its name (see provision.sh).
kubectl create job "$job" --from="cronjob/$template" -n "$ns" --dry-run=client -o json \
  | jq --arg pr "$pr" --arg secret "preview-credentials-pr$pr" '
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
