#!/usr/bin/env bash
# Creates or updates the one preview comment of PR $1 (found by its hidden marker) with the Markdown in file $2.
# Needs GH_TOKEN with pull-requests: write. Usage: upsert-comment.sh PR body.md
set -euo pipefail
pr="$1"
body="$2"
marker='<!-- preview-aspire:status -->'
id=$(gh api --paginate "repos/$GITHUB_REPOSITORY/issues/$pr/comments" \
  --jq ".[] | select(.body | contains(\"$marker\")) | .id" | head -1)
if [ -n "$id" ]; then
  gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -F "body=@$body" > /dev/null
else
  gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$pr/comments" -F "body=@$body" > /dev/null
fi
