// Conformance: `larkbase sql --format arrow` writes an Arrow IPC stream that the
// npm apache-arrow reader decodes to exactly the rows `--format json` prints for
// the same query, with the column types the docs promise (a Lark table column keeps
// its type-contract type: Bool, Int32, List, Struct as real nested data; an
// expression: integers → Int64, reals → Float64, text → Utf8, only NULLs → Null).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { tableFromIPC, Type } from 'apache-arrow';
import { startEmulator, runCli } from './support.mjs';

let emulator;
let env;

before(async () => {
  const started = await startEmulator(['--demo', '--rows', '700']);
  emulator = started.child;
  const h = started.handshake;
  env = {
    LARK_API_URL: h.url,
    LARK_APP_ID: h.app_id,
    LARK_APP_SECRET: h.app_secret,
    ACTIVATE_LARK_BASE_SOURCE: 'true',
    LARK_BASE_DATA_SOURCE_ID: h.control_table.app_token,
    LARK_TABLE_DATA_SOURCE_ID: h.control_table.table_id,
    LARK_BASES: '',
  };
});

after(() => {
  if (emulator) emulator.kill('SIGTERM');
});

async function both(sql) {
  const arrow = await runCli(['sql', '--format', 'arrow', sql], env, { binary: true });
  const json = await runCli(['sql', '--format', 'json', sql], env);
  return { table: tableFromIPC(arrow.stdout), expected: JSON.parse(json.stdout) };
}

// Arrow Int64 cells come back as BigInt; compare them as numbers (the demo's
// values are far below 2^53). Nested cells become plain arrays and objects.
function plain(value) {
  if (typeof value === 'bigint') return Number(value);
  if (value && typeof value.toJSON === 'function') {
    return JSON.parse(JSON.stringify(value.toJSON(),
      (k, v) => (typeof v === 'bigint' ? Number(v) : v)));
  }
  return value;
}

test('every row and value of a mixed-type result survives the Arrow stream', async () => {
  const sql = `SELECT "$reserved_record_id" AS id, order_no, amount, paid, order_date, channels,
                      NULL AS no_value
               FROM sales.orders ORDER BY order_no, id`;
  const { table, expected } = await both(sql);
  assert.deepEqual(table.schema.fields.map((f) => f.name), expected.columns);
  const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, f.type.typeId]));
  assert.equal(types.id, Type.Utf8);
  assert.equal(types.amount, Type.Float);
  assert.equal(types.paid, Type.Bool);
  assert.equal(types.order_date, Type.Int);
  assert.equal(types.channels, Type.List);
  assert.equal(types.no_value, Type.Null);
  assert.equal(table.numRows, expected.rows.length);
  assert.equal(table.numRows, 700);
  let nulls = 0;
  for (let r = 0; r < table.numRows; r++) {
    const row = table.get(r);
    for (const name of expected.columns) {
      let want = expected.rows[r][name];
      if (want === null) nulls++;
      // SQL shows a checkbox as 0/1 and a list as JSON text; Arrow has the real types.
      if (name === 'paid') want = want === 1;
      if (name === 'channels' && want !== null) want = JSON.parse(want);
      assert.deepEqual(plain(row[name]), want, `row ${r} column ${name}`);
    }
  }
  assert.ok(nulls > 700, 'the demo data has empty cells besides the NULL column');
});

test('an empty result is a valid stream with the schema, its declared types, and no rows', async () => {
  const { table, expected } = await both(
    'SELECT order_no, amount, quantity, amount * 2 AS doubled FROM sales.orders WHERE 0');
  assert.deepEqual(table.schema.fields.map((f) => f.name),
    ['order_no', 'amount', 'quantity', 'doubled']);
  const types = table.schema.fields.map((f) => f.type.typeId);
  // Table columns keep their declared types; an expression over no rows is Null.
  assert.deepEqual(types, [Type.Utf8, Type.Float, Type.Float, Type.Null]);
  assert.equal(table.numRows, 0);
  assert.equal(expected.rows.length, 0);
});

test('table columns whose selected cells are all NULL keep their declared types', async () => {
  const sql = `SELECT amount, satisfaction, order_no, NULL AS no_value FROM sales.orders
               WHERE amount IS NULL AND satisfaction IS NULL`;
  const { table, expected } = await both(sql);
  assert.ok(table.numRows > 0, 'the demo data has orders without amount and satisfaction');
  assert.equal(table.numRows, expected.rows.length);
  const types = table.schema.fields.map((f) => f.type.typeId);
  assert.deepEqual(types, [Type.Float, Type.Int, Type.Utf8, Type.Null]);
  for (let r = 0; r < table.numRows; r++) {
    const row = table.get(r);
    assert.equal(row.amount, null);
    assert.equal(row.satisfaction, null);
    assert.equal(row.order_no, expected.rows[r].order_no);
  }
});
