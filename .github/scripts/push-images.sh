#!/usr/bin/env bash
# Builds .NET projects into images with the SDK's container support, pushes them to REGISTRY (host/path) under TAG and
# prints their digests on stdout as the AppHost's --image-digests takes them (name=sha256:…,…); the build's
# own output goes to stderr. The caller is logged in to the registry.
# Usage: push-images.sh REGISTRY TAG Project:name...    (Project is the folder under src/, name the image's)
set -euo pipefail
registry="$1"
tag="$2"
shift 2
digests=()
for entry in "$@"; do
  project="${entry%%:*}"
  name="${entry##*:}"
  dotnet publish "src/$project/$project.csproj" -c Release -t:PublishContainer \
    -p:ContainerRegistry="${registry%%/*}" -p:ContainerRepository="${registry#*/}/$name" -p:ContainerImageTag="$tag" >&2
  digests+=("$name=$(docker buildx imagetools inspect "$registry/$name:$tag" --format '{{json .Manifest}}' | jq -r .digest)")
done
(IFS=,; echo "${digests[*]}")
