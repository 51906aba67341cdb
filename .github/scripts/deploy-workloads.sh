#!/usr/bin/env bash
# Applies the workloads PR $1's own code generated (directory $2) into its namespace with the PR's deployer: a
# 10-minute token of the preview-deployer ServiceAccount, whose Role reaches Deployments, Services and ConfigMaps of
# that namespace only and no Secret. The objects are checked first (preview-ops check-workloads).
# The baseline's workloads go the same way with "main", into preview-main.
# Needs $OPS, the path of the built preview-ops.dll. Usage: deploy-workloads.sh PR|main manifests/pr-PR
set -euo pipefail
. "$(dirname "$0")/preview-args.sh"
read_preview_key "${1:-}"
dir="${2:-}"
require_directory "$dir" "the preview's generated workloads, such as manifests/pr-42"
ns="preview-$preview_slug"
built="$RUNNER_TEMP/workloads-$preview_slug.yaml"

# The directory is the PR's output: its YAML files are read as plain objects, its kustomization is not run.
find "$dir" -maxdepth 1 -type f -name '*.yaml' ! -name kustomization.yaml -print0 | sort -z \
  | while IFS= read -r -d '' file; do cat "$file"; printf '%s\n' '---'; done > "$built"
dotnet "$OPS" check-workloads --pr "$preview_key" --file "$built"

token=$(kubectl create token preview-deployer -n "$ns" --duration=10m)
echo "::add-mask::$token"
deployer="$RUNNER_TEMP/deployer-$preview_slug.kubeconfig"
trap 'rm -f "$deployer"' EXIT
server=$(kubectl config view --minify --raw -o jsonpath='{.clusters[0].cluster.server}')
authority=$(kubectl config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')
(umask 077 && cat > "$deployer" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters: [{name: cluster, cluster: {server: "$server", certificate-authority-data: "$authority"}}]
users: [{name: deployer, user: {token: "$token"}}]
contexts: [{name: deployer, context: {cluster: cluster, user: deployer, namespace: "$ns"}}]
current-context: deployer
KUBECONFIG
)

KUBECONFIG="$deployer" kubectl apply -f "$built"
for deployment in $(KUBECONFIG="$deployer" kubectl get deployments -n "$ns" -o name); do
  KUBECONFIG="$deployer" kubectl rollout status "$deployment" -n "$ns" --timeout=10m
done
