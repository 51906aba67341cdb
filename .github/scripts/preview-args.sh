#!/usr/bin/env bash
# Sourced by the cluster scripts: reads the arguments they share and ends the calling script with one line on stderr and
# exit code 2 when one is wrong, before anything is touched.
# Usage: . preview-args.sh; read_preview_key "$1"; require_directory "$2" "what was expected"

# A PR number or "main" (the baseline). Sets
#   preview_key   as given: the namespace's preview-aspire.io/pr label and the provisioner's Preview__PullRequest
#   preview_slug  what every cluster name is built from, as PreviewNames.Slug: pr42, or main for the baseline
read_preview_key() {
  local key="${1:-}"
  if [ "$key" = main ]; then
    preview_slug=main
  elif [[ "$key" =~ ^[1-9][0-9]{0,8}$ ]]; then
    preview_slug="pr$key"
  else
    echo "${0##*/}: '$key' is not a preview; expected a PR number (1..999999999) or 'main' for the baseline." >&2
    exit 2
  fi
  preview_key="$key"
}

# A generated directory; $2 says which, for the message.
require_directory() {
  if [ ! -d "${1:-}" ]; then
    echo "${0##*/}: '${1:-}' is not a directory; expected $2." >&2
    exit 2
  fi
}
