#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian bookworm machine, as root.
# Idempotent: packages already present are not reinstalled, and `npm ci` runs only
# when the lock file changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libsimdjson-dev nlohmann-json3-dev libcpp-httplib-dev libcurl4-openssl-dev libssl-dev
  libsqlite3-dev sqlite3 libflatbuffers-dev flatbuffers-compiler
  libcli11-dev libspdlog-dev libfmt-dev jq bsdutils
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-format clang-tidy
  postgresql libpq-dev zip
  nodejs npm
  python3-boto3
)

missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
# Node may come from outside Debian (a preinstalled node); accept any node >= 18 with npm.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}")
  missing=("${missing[@]/npm}")
fi
to_install=()
for package in "${missing[@]}"; do [ -n "$package" ] && to_install+=("$package"); done

if [ ${#to_install[@]} -gt 0 ]; then
  echo "setup: installing ${to_install[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${to_install[@]}"
fi

# npm packages used by the conformance tests (official Lark SDK, official AWS SDK v3 clients,
# apache-arrow, s3rver).
if [ -f tests/node/package-lock.json ]; then
  stamp=tests/node/node_modules/.lock-stamp
  if [ ! -f "$stamp" ] || ! cmp -s tests/node/package-lock.json "$stamp"; then
    echo "setup: npm ci in tests/node"
    (cd tests/node && npm ci --no-audit --no-fund --loglevel=error)
    cp tests/node/package-lock.json "$stamp"
  fi
fi
echo "setup: done"
