#!/usr/bin/env bash
# Builds the Lambda deployment package of the larkbase binary (custom runtime,
# provided.al2023): BUILD_DIR/lambda/ (bootstrap, larkbase, lib/) and
# BUILD_DIR/larkbase-lambda.zip. The binary is built on Debian and linked
# dynamically, so every shared library it loads — glibc and the dynamic loader
# included — is copied into lib/, and `bootstrap` starts the binary through the
# bundled loader: nothing is taken from the Amazon Linux image except the kernel,
# /bin/sh and the CA certificates. See docs/athena.md ("Deploying").
# Usage: deploy/package.sh LARKBASE_BINARY BUILD_DIR
set -euo pipefail
binary=${1:?usage: deploy/package.sh LARKBASE_BINARY BUILD_DIR}
out=${2:?usage: deploy/package.sh LARKBASE_BINARY BUILD_DIR}
stage="$out/lambda"
zip_file="$out/larkbase-lambda.zip"

[ -x "$binary" ] || { echo "package: $binary is not an executable; run make build first" >&2; exit 1; }
[ "$(uname -m)" = x86_64 ] || { echo "package: only x86_64 packages are supported" >&2; exit 1; }

rm -rf "$stage" "$zip_file"
mkdir -p "$stage/lib"
cp "$binary" "$stage/larkbase"
strip --strip-unneeded "$stage/larkbase"
# Every library ldd resolves, and the loader itself.
ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' |
  sort -u | while read -r lib; do cp -L "$lib" "$stage/lib/"; done
[ -f "$stage/lib/ld-linux-x86-64.so.2" ] || { echo "package: no dynamic loader found" >&2; exit 1; }

cat > "$stage/bootstrap" <<'BOOTSTRAP'
#!/bin/sh
# Lambda custom runtime entry point: larkbase with no arguments runs the Runtime
# API loop (AWS_LAMBDA_RUNTIME_API is set by Lambda). The bundled loader and
# libraries make the Debian-built binary independent of the image's glibc.
set -e
root="${LAMBDA_TASK_ROOT:-$(cd "$(dirname "$0")" && pwd)}"
# libcurl was built to read Debian's CA path; point it at the image's bundle.
if [ -z "${CURL_CA_BUNDLE:-}" ]; then
  for ca in /etc/pki/tls/certs/ca-bundle.crt /etc/ssl/certs/ca-certificates.crt; do
    if [ -f "$ca" ]; then export CURL_CA_BUNDLE="$ca"; break; fi
  done
fi
exec "$root/lib/ld-linux-x86-64.so.2" --library-path "$root/lib" "$root/larkbase"
BOOTSTRAP
chmod 755 "$stage/bootstrap" "$stage/larkbase" "$stage/lib/ld-linux-x86-64.so.2"

(cd "$stage" && zip -q -r -X "$(cd .. && pwd)/$(basename "$zip_file")" bootstrap larkbase lib)
echo "package: $zip_file ($(du -h "$zip_file" | cut -f1), $(ls "$stage/lib" | wc -l) libraries)"
