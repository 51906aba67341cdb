#!/usr/bin/env bash
# Writes the base64 kubeconfig in $KUBECONFIG_B64 to the runner's temporary directory (owner-only) and points the
# job's later steps at it. Usage: KUBECONFIG_B64=... use-kubeconfig.sh
set -euo pipefail
: "${KUBECONFIG_B64:?the kubeconfig secret is not set for this workflow}"
dir="$RUNNER_TEMP/kube"
mkdir -p "$dir"
(umask 077 && printf '%s' "$KUBECONFIG_B64" | base64 -d > "$dir/config")
echo "KUBECONFIG=$dir/config" >> "$GITHUB_ENV"
