#!/usr/bin/env bash
# Brings up a local preview: installs prerequisites, builds, runs the AppHost.
#   eng/run.sh [--pr 42 ...] [--router-port 8080] [--domain preview.localhost] [--infrastructure auto|process|container] [--slots 8] [--state-dir DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

eng/setup.sh
dotnet build src/AppHost --verbosity quiet --nologo -clp:ErrorsOnly

# Run directly (not under `dotnet run`) so Ctrl+C and SIGTERM reach the AppHost. The AppHost sets up the dashboard itself
# (plain HTTP on loopback, browser-token login), and on a state directory where a host already runs it asks that host
# to serve the PRs instead of starting a second one.
exec dotnet src/AppHost/bin/Debug/net10.0/AppHost.dll "$@"
