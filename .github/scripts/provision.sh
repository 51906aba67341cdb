#!/usr/bin/env bash
# Creates or updates preview $1's namespace from the default branch's generation in $2 (namespace, network policies,
# quota, limits, the deployer's Role), gives it its own passwords once, and provisions its data surfaces with a Job in
# preview-system. A PR whose forks own no data (namespace annotation preview-aspire.io/owns-data=false, e.g. a
# frontend-only fork) gets neither: it uses the baseline's API and data. Run only by default-branch workflows, with the
# operator identity.
# The baseline is deployed the same way with "main" (namespace preview-main, its data as preview_main, vhost main).
# Usage: provision.sh PR|main manifests/pr-PR/namespace
set -euo pipefail
here="$(dirname "$0")"
. "$here/preview-args.sh"
read_preview_key "${1:-}"
guards="${2:-}"
require_directory "$guards" "the generated namespace/ of the preview, such as manifests/pr-42/namespace"
ns="preview-$preview_slug"
copy="preview-credentials-$preview_slug"

kubectl apply -k "$guards"

owns_data=$(kubectl get namespace "$ns" -o jsonpath='{.metadata.annotations.preview-aspire\.io/owns-data}')
if [ "$owns_data" = false ]; then
  echo "PR $preview_key forks $(kubectl get namespace "$ns" -o jsonpath='{.metadata.annotations.preview-aspire\.io/forks}') and owns no data: no credentials, no provisioning Job"
else
  # The PR's own passwords: generated once per preview (hex, so URL-safe), never printed, never in a file.
  if ! kubectl get secret preview-credentials -n "$ns" > /dev/null 2>&1; then
    kubectl create secret generic preview-credentials -n "$ns" \
      --from-literal=postgres-password="$(openssl rand -hex 24)" \
      --from-literal=redis-password="$(openssl rand -hex 24)" \
      --from-literal=rabbitmq-password="$(openssl rand -hex 24)"
  fi

  # The provisioning Job runs in preview-system, beside the admin Secret; it reads the PR's passwords from a copy there,
  # removed as soon as it is done. Nothing of the engines' credentials ever enters the PR's namespace.
  trap 'kubectl delete secret "$copy" -n preview-system --ignore-not-found > /dev/null' EXIT
  kubectl get secret preview-credentials -n "$ns" -o json \
    | jq --arg name "$copy" --arg pr "$preview_key" \
        '{apiVersion, kind, type, data, metadata: {name: $name, namespace: "preview-system", labels: {"app.kubernetes.io/part-of": "preview-aspire", "preview-aspire.io/pr": $pr}}}' \
    | kubectl apply -f -
  "$here/engine-job.sh" provision "$preview_key" > /dev/null
fi

# The baseline is never put to sleep (it has no idle-after), so it keeps no awake time.
if [ "$preview_key" = main ]; then
  exit 0
fi

# A deployment wakes the preview: it is awake from now (awake time already counted is kept). A sleeping preview's
# Deployments are scaled back up here, since applying the same replicas again would leave the waker's 0 in place.
asleep=$(kubectl get namespace "$ns" -o jsonpath='{.metadata.annotations.preview-aspire\.io/asleep-since}')
awake=$(kubectl get namespace "$ns" -o jsonpath='{.metadata.annotations.preview-aspire\.io/awake-since}')
if [ -n "$asleep" ]; then
  kubectl scale deployment --all --replicas=1 -n "$ns"
fi
if [ -n "$asleep" ] || [ -z "$awake" ]; then
  kubectl annotate namespace "$ns" --overwrite "preview-aspire.io/awake-since=$(date -u +%Y-%m-%dT%H:%M:%SZ)" "preview-aspire.io/asleep-since-"
fi
