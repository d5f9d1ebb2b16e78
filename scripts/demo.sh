#!/usr/bin/env bash
# The main job on the embedded default: starts the Lark emulator with the demo
# data on a free port, looks at it through the Lark client, then queries it with
# `larkbase sql`, showing with --explain what each query pushed to Lark.
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
# Schemas come from the demo's control table (the seed's "Lark Base source" flow).
export ACTIVATE_LARK_BASE_SOURCE=true
LARK_BASE_DATA_SOURCE_ID=$(jq -r .control_table.app_token <<<"$handshake")
LARK_TABLE_DATA_SOURCE_ID=$(jq -r .control_table.table_id <<<"$handshake")
export LARK_BASE_DATA_SOURCE_ID LARK_TABLE_DATA_SOURCE_ID
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
show lark --output table search --base "$sales" --table "$orders" --limit 3 \
  --filter '{"conjunction":"and","conditions":[{"field_name":"Status","operator":"is","value":["Shipped"]}]}' \
  --fields 'Order No,Customer Name,Amount,Status'

show tables
show describe sales.orders

echo
echo "# A selective filter: pushed to Lark as a filter, checked exactly by the reader"
show sql --explain "SELECT order_no, status, amount FROM sales.orders
  WHERE status = 'Shipped' AND amount > 30000 AND paid = 1 ORDER BY amount DESC"

echo
echo "# TOP-N: the sort and the limit go to Lark, one page is fetched"
show sql --explain "SELECT order_no, amount FROM sales.orders WHERE amount > 0
  ORDER BY amount DESC LIMIT 5"

echo
echo "# A join of two tables: customers are fetched by record id"
show sql --explain "SELECT o.order_no, c.name AS customer, c.segment, o.amount
  FROM sales.orders o
  JOIN sales.customers c ON c.\"\$reserved_record_id\" = json_extract(o.customer, '\$[0].record_id')
  WHERE o.amount > 50000 ORDER BY o.amount DESC"

echo
echo "# An aggregation: only the two columns it needs cross the network"
show sql --explain "SELECT status, count(*) AS orders, round(sum(amount), 2) AS revenue
  FROM sales.orders GROUP BY status ORDER BY revenue DESC"

echo
echo "# Amazon Athena: one query's federation call sequence through the Lambda Invoke API"
NODE_NO_WARNINGS=1 LARKBASE_BIN="$larkbase" DEMO_ROWS="$rows" node tests/node/athena_trace.mjs

echo
echo "# The DataLoader: control table, three strategies, an incremental re-run and a failed"
echo "# load with its retry analysis, on SQLite files (scripts/loader_demo.sh without --sqlite"
echo "# tells the same story on a throw-away PostgreSQL)"
scripts/loader_demo.sh --sqlite "$larkbase"
