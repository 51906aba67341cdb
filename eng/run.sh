#!/usr/bin/env bash
# Brings up a local preview: installs prerequisites, builds, runs the AppHost.
#   eng/run.sh --pr 42 [--pr 43] [--router-port 8080] [--domain preview.localhost] [--infrastructure auto|process|container]
set -euo pipefail
cd "$(dirname "$0")/.."

eng/setup.sh
dotnet build src/AppHost --verbosity quiet --nologo -clp:ErrorsOnly

# The dashboard over plain HTTP without dev certificates (the AppHost's http launch profile, set here because the
# AppHost runs directly so Ctrl+C and SIGTERM reach it without a `dotnet run` wrapper in between).
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:18888}"
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="${ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL:-http://localhost:18889}"
export ASPIRE_DASHBOARD_RESOURCESERVICE_ENDPOINT_URL="${ASPIRE_DASHBOARD_RESOURCESERVICE_ENDPOINT_URL:-http://localhost:18890}"
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
export ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true
exec dotnet src/AppHost/bin/Debug/net10.0/AppHost.dll "$@"
