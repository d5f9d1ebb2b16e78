#!/usr/bin/env bash
# The main job on the embedded default: starts the Lark emulator with the demo
# data on a free port, then explores it with the same client the connector uses.
# Usage: scripts/demo.sh [path/to/larkbase]
set -euo pipefail
larkbase=${1:-build/release/src/cli/larkbase}
rows=${DEMO_ROWS:-1000}

handshake_file=$(mktemp)
"$larkbase" emulator --demo --rows "$rows" --port 0 >"$handshake_file" 2>/dev/null &
emulator_pid=$!
trap 'kill $emulator_pid 2>/dev/null; rm -f "$handshake_file"' EXIT

# The emulator's first stdout line is a JSON handshake with its URL and credentials.
for _ in $(seq 100); do
  [ -s "$handshake_file" ] && break
  kill -0 $emulator_pid 2>/dev/null || { echo "demo: the emulator did not start" >&2; exit 1; }
  sleep 0.1
done
handshake=$(head -n 1 "$handshake_file")
LARK_API_URL=$(jq -r .url <<<"$handshake")
LARK_APP_ID=$(jq -r .app_id <<<"$handshake")
LARK_APP_SECRET=$(jq -r .app_secret <<<"$handshake")
export LARK_API_URL LARK_APP_ID LARK_APP_SECRET
sales=$(jq -r '.bases[] | select(.name == "Sales") | .app_token' <<<"$handshake")
orders=$(jq -r '.bases[] | select(.name == "Sales") | .tables[] | select(.name == "orders")
  | .table_id' <<<"$handshake")

show() {
  echo
  echo "\$ larkbase $*"
  "$larkbase" "$@"
}

echo "Lark emulator with the demo data at $LARK_API_URL ($rows orders)"
show lark --output table drive --folder "$(jq -r .drive_folder <<<"$handshake")"
show lark --output table tables --base "$sales"
show lark --output table fields --base "$sales" --table "$orders"
show lark --output table --stats search --base "$sales" --table "$orders" \
  --filter '{"conjunction":"and","conditions":[{"field_name":"Status","operator":"is","value":["Shipped"]},{"field_name":"Amount","operator":"isGreater","value":["5000"]}]}' \
  --sort '[{"field_name":"Amount","desc":true}]' --fields 'Order No,Customer Name,Amount,Status' \
  --limit 10
