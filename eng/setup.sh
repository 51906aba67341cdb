#!/usr/bin/env bash
# Installs what a local preview needs and restores NuGet packages. Safe to run repeatedly.
# Debian/Ubuntu: missing apt packages are installed (with sudo when not root) without starting their system services.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }
fail() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK is not on PATH. Install .NET SDK 10 (https://dot.net/download), then run this again."

need=()
[ -x "$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/postgres" ] 2>/dev/null || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need+=(rabbitmq-server)
command -v setpriv >/dev/null 2>&1 || need+=(util-linux)

# --- Test tools for the cluster path (tests/Preview.EndToEndTests, tests/Preview.Kubernetes.Tests) ---
# chromium and chromium-driver run the end-to-end suite's browser tests of the order form; action-validator (npm)
# validates .github/workflows. PREVIEW_SETUP_TEST_TOOLS=0 skips them (the tests that need them are then skipped).
test_tools="${PREVIEW_SETUP_TEST_TOOLS:-1}"
if [ "$test_tools" = 1 ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  [ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
  command -v npm >/dev/null 2>&1 || need+=(npm)
fi
# --- end of test tools ---

if [ ${#need[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || fail "missing ${need[*]} and apt-get is not available. Install PostgreSQL, Redis and RabbitMQ server packages with your package manager, or run with --infrastructure container on a machine with Docker."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || fail "missing ${need[*]}; run as root or install sudo, or install them yourself: apt-get install -y ${need[*]}"
    sudo="sudo"
  fi
  say "installing ${need[*]} (apt)"
  # The engines run as processes owned by each preview; keep the packages' system services from starting on install.
  policy=/usr/sbin/policy-rc.d
  created_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && created_policy=1
  fi
  trap '[ -n "$created_policy" ] && $sudo rm -f "$policy"' EXIT
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq || fail "apt-get update failed; check network access to your Debian mirror."
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || fail "apt-get install ${need[*]} failed (see the output above)."
fi

# --- Test tools for the cluster path, continued: the workflow validator from npm (optional: its tests skip without it) ---
if [ "$test_tools" = 1 ] && ! command -v action-validator >/dev/null 2>&1; then
  if command -v npm >/dev/null 2>&1; then
    say "installing action-validator (npm @action-validator/cli)"
    npm_sudo=""
    [ "$(id -u)" -eq 0 ] || npm_sudo="sudo"
    $npm_sudo npm install --global --silent @action-validator/cli@0.6.0 >/dev/null 2>&1 \
      || say "warning: npm install -g @action-validator/cli failed; the workflow validation tests will be skipped"
  else
    say "npm is not installed; the workflow validation tests will be skipped (apt-get install npm to run them)"
  fi
fi
# --- end of test tools ---

say "restoring NuGet packages"
dotnet restore PreviewAspire.sln --verbosity quiet || fail "dotnet restore failed; check access to the NuGet feed."
say "ready"
