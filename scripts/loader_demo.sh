#!/usr/bin/env bash
# The DataLoader end to end on a throw-away PostgreSQL: starts a cluster on a
# free port, creates a source, a lakehouse target and a control database,
# registers three tables with three strategies, runs a scheduler tick, changes
# the source, loads again incrementally, shows a failed load and its retry
# analysis, checks the target against the source, and removes everything.
# With --sqlite, the same story on the embedded engine only (SQLite control,
# source and target files; no PostgreSQL), for `make demo`-style runs.
# Usage: scripts/loader_demo.sh [--sqlite] [path/to/larkbase]
set -euo pipefail
mode=postgresql
if [ "${1:-}" = "--sqlite" ]; then
  mode=sqlite
  shift
fi
larkbase=$(realpath "${1:-build/release/src/cli/larkbase}")
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
loader() { echo "\$ larkbase loader $*"; "$larkbase" loader "$@"; }

# The demo Lark Base on the Lark emulator as a third source: its orders table
# is loaded into the lake (`$1` is the lake source name), three orders are then
# created through the Lark API, and an incremental load picks up exactly those.
lark_story() {
  local lake=$1
  echo "== the demo Lark Base (Lark emulator) as a source: Sales/orders, incremental by Modified"
  mkfifo "$work/emulator.out"
  "$larkbase" emulator --demo --rows 300 >"$work/emulator.out" 2>"$work/emulator.log" &
  emulator_pid=$!
  exec 3<"$work/emulator.out"
  local handshake
  read -r handshake <&3
  local fields
  fields=$(python3 -c '
import json, sys
h = json.loads(sys.argv[1])
base = next(b for b in h["bases"] if any(t["name"] == "orders" for t in b["tables"]))
table = next(t for t in base["tables"] if t["name"] == "orders")
print(h["url"], h["app_id"], h["app_secret"], base["app_token"], table["table_id"])' "$handshake")
  local url app_id app_secret base table
  read -r url app_id app_secret base table <<<"$fields"
  export LARK_DEMO_APP_SECRET=$app_secret
  loader add-source sales --type lark --api-url "$url" --app-id "$app_id" \
    --app-secret env:LARK_DEMO_APP_SECRET --base "$base"
  loader add-table --source sales --source-table orders --target "$lake" \
    --target-table lark_orders --strategy incremental --incremental-column modified \
    --incremental-type integer --primary-key '$reserved_record_id' --cron '*/10 * * * *'
  loader run lark_orders
  echo "== three orders created through the Lark API; the next load reads only them"
  # Plain HTTP with python3 (the demo needs no curl): a token, then batch_create.
  python3 - "$url" "$app_id" "$app_secret" "$base" "$table" <<'PY'
import json, sys, urllib.request
url, app_id, secret, base, table = sys.argv[1:]
def post(path, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(url + path, json.dumps(body).encode(), headers, method="POST")
    reply = json.load(urllib.request.urlopen(request))
    if reply.get("code") != 0:
        sys.exit("Lark API error: %s" % reply)
    return reply
token = post("/open-apis/auth/v3/tenant_access_token/internal",
             {"app_id": app_id, "app_secret": secret})["tenant_access_token"]
records = [{"fields": {"Quantity": n, "Notes": "demo %d" % n}} for n in (1, 2, 3)]
post("/open-apis/bitable/v1/apps/%s/tables/%s/records/batch_create" % (base, table),
     {"records": records}, token)
PY
  loader run lark_orders
  loader history lark_orders
}
stop_lark_emulator() {
  if [ -n "${emulator_pid:-}" ]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
}

if [ "$mode" = sqlite ]; then
  work=$(mktemp -d /tmp/larkbase-loader-demo-XXXXXX)
  trap 'stop_lark_emulator; rm -rf "$work"' EXIT
  echo "== a SQLite source 'shop.db' with orders and an event log"
  sqlite3 "$work/shop.db" <<'SQL'
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, amount REAL, updated_at TEXT NOT NULL);
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 20000)
INSERT INTO orders SELECT i, 1 + i % 500, (i % 97) * 1.25, datetime('2026-01-01', '+' || i || ' minutes') FROM r;
CREATE TABLE events (seq INTEGER PRIMARY KEY, kind TEXT);
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 5000)
INSERT INTO events SELECT i, 'kind ' || (i % 5) FROM r;
SQL
  export LARKBASE_LOADER_CONTROL="sqlite:$work/control.db"
  loader init
  loader add-source shop --type sqlite --path "$work/shop.db"
  loader add-source lake --type sqlite --path "$work/lake.db"
  loader add-table --source shop --source-table orders --target lake --strategy incremental \
    --incremental-column updated_at --incremental-type timestamp --lookback-hours 0 --primary-key id \
    --delete soft --cron '*/15 * * * *'
  loader add-table --source shop --source-table events --target lake --strategy append_only \
    --incremental-column seq --incremental-type integer --primary-key seq --cron '*/5 * * * *'
  loader tick
  echo "== the source changes: 300 orders updated, 50 new, 2 deleted; 100 new events"
  sqlite3 "$work/shop.db" <<'SQL'
UPDATE orders SET amount = amount + 1, updated_at = datetime('2026-02-01', '+' || id || ' seconds')
WHERE id % 66 = 0 AND id <= 19800;
WITH RECURSIVE r(i) AS (SELECT 20001 UNION ALL SELECT i + 1 FROM r WHERE i < 20050)
INSERT INTO orders SELECT i, 1, 9.99, datetime('2026-02-02', '+' || i || ' seconds') FROM r;
DELETE FROM orders WHERE id IN (7, 8);
WITH RECURSIVE r(i) AS (SELECT 5001 UNION ALL SELECT i + 1 FROM r WHERE i < 5100)
INSERT INTO events SELECT i, 'late' FROM r;
SQL
  loader run orders
  loader run events
  loader status
  src=$(sqlite3 "$work/shop.db" "SELECT COUNT(*), printf('%.2f', SUM(amount)) FROM orders")
  dst=$(sqlite3 "$work/lake.db" "SELECT COUNT(*), printf('%.2f', SUM(amount)) FROM orders WHERE NOT is_delete")
  echo "orders: source count|sum $src, target (live rows) $dst"
  [ "$src" = "$dst" ] || { echo "loader demo: orders differ" >&2; exit 1; }
  lark_story lake
  lark_rows=$(sqlite3 "$work/lake.db" "SELECT COUNT(*) FROM lark_orders")
  echo "lark_orders: $lark_rows rows in the lake (300 demo orders + 3 created)"
  [ "$lark_rows" = 303 ] || { echo "loader demo: lark_orders has $lark_rows rows" >&2; exit 1; }
  echo "== loader demo (SQLite) finished"
  exit 0
fi

work=$(mktemp -d /tmp/larkbase-loader-demo-XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  # initdb and postgres refuse to run as root.
  chown postgres "$work"
  as_pg=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
  stop_lark_emulator
  "${as_pg[@]}" "$pgbin/pg_ctl" stop -D "$work/data" -m fast >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== starting a throw-away PostgreSQL on port $port"
"${as_pg[@]}" "$pgbin/initdb" -D "$work/data" -U postgres --auth=trust >"$work/initdb.log" 2>&1
"${as_pg[@]}" "$pgbin/pg_ctl" start -w -D "$work/data" -l "$work/server.log" \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c fsync=off" >/dev/null
psql() { command psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"; }
for db in shop lake control; do psql -d postgres -c "CREATE DATABASE $db"; done

echo "== a source database 'shop' with orders, customers and an event log"
psql -d shop <<'SQL'
CREATE TABLE customers (id BIGINT PRIMARY KEY, name TEXT, "Home City" TEXT);
INSERT INTO customers SELECT g, 'customer ' || g, 'city ' || (g % 7) FROM generate_series(1, 500) g;
CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT, amount NUMERIC(10, 2),
                     updated_at TIMESTAMP NOT NULL);
INSERT INTO orders SELECT g, 1 + g % 500, (g % 97) * 1.25,
                          TIMESTAMP '2026-01-01' + g * INTERVAL '1 minute'
FROM generate_series(1, 20000) g;
CREATE TABLE events (seq BIGINT PRIMARY KEY, kind TEXT);
INSERT INTO events SELECT g, 'kind ' || (g % 5) FROM generate_series(1, 5000) g;
SQL

control="postgresql://postgres@127.0.0.1:$port/control"
export LARKBASE_LOADER_CONTROL=$control

echo "== control database, sources, table configs"
loader init
loader add-source shop --type postgresql --host 127.0.0.1 --port "$port" --database shop --user postgres
loader add-source lake --type postgresql --host 127.0.0.1 --port "$port" --database lake --user postgres \
  --target-schema bronze
loader add-table --source shop --source-table orders --target lake --strategy incremental \
  --incremental-column updated_at --incremental-type timestamp --lookback-hours 0 --primary-key id \
  --delete soft --cron '*/15 * * * *'
loader add-table --source shop --source-table customers --target lake --strategy full --cron '0 2 * * *'
loader add-table --source shop --source-table events --target lake --strategy append_only \
  --incremental-column seq --incremental-type integer --primary-key seq --cron '*/5 * * * *'

echo "== one scheduler tick loads every new table"
loader tick
loader status

echo "== the source changes: 300 orders updated, 50 new, 2 deleted; 100 new events"
psql -d shop <<'SQL'
UPDATE orders SET amount = amount + 1, updated_at = TIMESTAMP '2026-02-01' + id * INTERVAL '1 second'
WHERE id % 66 = 0 AND id <= 19800;
INSERT INTO orders SELECT g, 1, 9.99, TIMESTAMP '2026-02-02' + g * INTERVAL '1 second'
FROM generate_series(20001, 20050) g;
DELETE FROM orders WHERE id IN (7, 8);
INSERT INTO events SELECT g, 'late' FROM generate_series(5001, 5100) g;
SQL
loader run orders
loader run events
loader history orders

echo "== a table that does not exist fails with its cause; the analysis says REVIEW"
loader add-table --source shop --source-table invoices --target lake --strategy full --cron '0 3 * * *'
loader run invoices || echo "(exit code $? — the load failed, as it should)"
loader retry-analysis

echo "== checking the target against the source"
src=$(psql -d shop -At -c "SELECT COUNT(*), SUM(amount) FROM orders")
dst=$(psql -d lake -At -c "SELECT COUNT(*), SUM(amount) FROM bronze.orders WHERE NOT is_delete")
flagged=$(psql -d lake -At -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM bronze.orders WHERE is_delete")
echo "orders: source count|sum $src, target (live rows) $dst, soft-deleted ids $flagged"
[ "$src" = "$dst" ] || { echo "loader demo: orders differ" >&2; exit 1; }
events_src=$(psql -d shop -At -c "SELECT COUNT(*) FROM events")
events_dst=$(psql -d lake -At -c "SELECT COUNT(*), COUNT(DISTINCT seq) FROM bronze.events")
echo "events: source $events_src, target count|distinct $events_dst"
[ "$events_dst" = "$events_src|$events_src" ] || { echo "loader demo: events differ" >&2; exit 1; }
psql -d lake -c 'SELECT * FROM bronze.customers ORDER BY id LIMIT 3'
lark_story lake
lark_rows=$(psql -d lake -At -c "SELECT COUNT(*) FROM bronze.lark_orders")
echo "lark_orders: $lark_rows rows in bronze (300 demo orders + 3 created)"
[ "$lark_rows" = 303 ] || { echo "loader demo: lark_orders has $lark_rows rows" >&2; exit 1; }
psql -d lake -c 'SELECT order_no, quantity, status, modified FROM bronze.lark_orders ORDER BY modified DESC LIMIT 4'
echo "== loader demo finished: the throw-away cluster is removed"
