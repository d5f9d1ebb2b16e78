// Conformance: an independent Arrow implementation (apache-arrow for JavaScript)
// reads the IPC bytes larkbase writes. The C++ program
// $LARKBASE_BUILD_DIR/tests/columnar/arrow_ipc_sample writes the batch defined in
// tests/columnar/sample_batch.cpp; the expected values below restate that file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC, Type, DateUnit, TimeUnit, Precision, Vector } from 'apache-arrow';

const buildDir = process.env.LARKBASE_BUILD_DIR;
const sample = buildDir && path.join(buildDir, 'tests', 'columnar', 'arrow_ipc_sample');

function run(mode) {
  assert.ok(sample && existsSync(sample),
    `arrow_ipc_sample not found at ${sample}: build the target arrow_ipc_sample`);
  return execFileSync(sample, [mode], { maxBuffer: 64 << 20 });
}

// Converts a row value of any column into plain JS for deep comparison.
function plain(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value;
  if (value instanceof Uint8Array) return Array.from(value);
  if (value instanceof Vector) {  // a List cell (toArray() would turn nulls into 0)
    return Array.from({ length: value.length }, (_, i) => plain(value.get(i)));
  }
  if (typeof value.toJSON === 'function') {  // Struct row
    const out = {};
    for (const [k, v] of Object.entries(value.toJSON())) out[k] = plain(v);
    return out;
  }
  return value;
}

const user1 = { id: 'ou_1', name: 'Ann', email: 'ann@example.com' };
const user2 = { id: 'ou_2', name: null, email: 'b@example.com' };
const I64 = (s) => BigInt(s);

// Rows of the sample batch, per column.
const expected = {
  flag: [true, null, false, true],
  i8: [-128, null, 127, 0],
  i16: [-32768, null, 32767, 0],
  i32: [-2147483648, null, 2147483647, 0],
  i64: [I64('-9223372036854775808'), null, I64('9223372036854775807'), 0n],
  f32: [1.5, null, -0.25, 0],
  f64: [1.1, null, -2.5e300, 0],
  text: ['héllo, 世界', null, '', 'x'],
  bytes: [[0, 1, 255], null, [], [122]],
  day: [Date.UTC(2024, 0, 1), null, -86400000, 0],
  day_ms: [Date.UTC(2024, 0, 1), null, -86400000, 0],
  ts: [1704067200123, null, -1, 0],
  nothing: [null, null, null, null],
  tags: [['a', 'b'], null, [], ['c', null]],
  users: [[user1], null, [null, user2], []],
  loc: [
    { location: '116.3,39.9', latitude: 39.9, scores: [1n, 2n] },
    null,
    { location: null, latitude: null, scores: null },
    { location: '', latitude: 0, scores: [] },
  ],
  matrix: [[[1, 2], [3]], null, [null, [], [null, 4]], []],
  id: [1n, 2n, 3n, 4n],
};

function checkSchema(schema) {
  const byName = Object.fromEntries(schema.fields.map((f) => [f.name, f]));
  const typeOf = (name) => byName[name].type;
  assert.equal(schema.fields.length, 20);
  assert.equal(schema.metadata.get('source'), 'larkbase sample');
  assert.equal(schema.metadata.get('table'), 'tbl_sample');
  assert.equal(typeOf('flag').typeId, Type.Bool);
  for (const [name, bits] of [['i8', 8], ['i16', 16], ['i32', 32], ['i64', 64]]) {
    assert.equal(typeOf(name).typeId, Type.Int, name);
    assert.equal(typeOf(name).bitWidth, bits, name);
    assert.equal(typeOf(name).isSigned, true, name);
  }
  assert.equal(typeOf('f32').precision, Precision.SINGLE);
  assert.equal(typeOf('f64').precision, Precision.DOUBLE);
  assert.equal(typeOf('text').typeId, Type.Utf8);
  assert.equal(typeOf('bytes').typeId, Type.Binary);
  assert.equal(typeOf('amount').typeId, Type.Decimal);
  assert.equal(typeOf('amount').precision, 10);
  assert.equal(typeOf('amount').scale, 2);
  assert.equal(typeOf('amount').bitWidth, 128);
  assert.equal(typeOf('day').unit, DateUnit.DAY);
  assert.equal(typeOf('day_ms').unit, DateUnit.MILLISECOND);
  assert.equal(typeOf('ts').unit, TimeUnit.MILLISECOND);
  assert.equal(typeOf('ts').timezone, 'UTC');
  assert.equal(typeOf('ts_us').unit, TimeUnit.MICROSECOND);
  assert.equal(typeOf('ts_us').timezone, 'Asia/Shanghai');
  assert.equal(typeOf('nothing').typeId, Type.Null);
  assert.equal(typeOf('tags').typeId, Type.List);
  assert.equal(typeOf('tags').children[0].type.typeId, Type.Utf8);
  const user = typeOf('users').children[0].type;
  assert.equal(user.typeId, Type.Struct);
  assert.deepEqual(user.children.map((f) => f.name), ['id', 'name', 'email']);
  const loc = typeOf('loc');
  assert.deepEqual(loc.children.map((f) => [f.name, f.type.typeId]),
    [['location', Type.Utf8], ['latitude', Type.Float], ['scores', Type.List]]);
  assert.equal(typeOf('matrix').children[0].type.typeId, Type.List);
  assert.equal(typeOf('matrix').children[0].type.children[0].type.typeId, Type.Int);
  for (const field of schema.fields) {
    assert.equal(field.nullable, field.name !== 'id', `nullability of ${field.name}`);
  }
  assert.equal(byName.loc.type.children.every((f) => f.nullable), true);
}

// Decimal values arrive as 128-bit little-endian words; compare the unscaled integer.
function decimalUnscaled(value) {
  if (value === null) return null;
  const words = new Uint32Array(value.buffer, value.byteOffset, 4);
  let out = 0n;
  for (let i = 3; i >= 0; --i) out = (out << 32n) | BigInt(words[i]);
  return BigInt.asIntN(128, out);
}

function checkRows(batch, rows) {
  assert.equal(batch.numRows, rows.length);
  for (const [name, values] of Object.entries(expected)) {
    const column = batch.getChild(name);
    const want = rows.map((r) => values[r]);
    const got = Array.from({ length: batch.numRows }, (_, i) => plain(column.get(i)));
    assert.deepEqual(got, want, `column ${name}`);
    assert.equal(column.nullCount, want.filter((v) => v === null).length, `nulls of ${name}`);
  }
  const amount = batch.getChild('amount');
  const unscaled = [12345n, null, -1n, 0n];
  assert.deepEqual(Array.from({ length: batch.numRows }, (_, i) => decimalUnscaled(amount.get(i))),
    rows.map((r) => unscaled[r]));
  const tsUs = batch.getChild('ts_us');
  const micros = [1704067200123456n, null, 1n, 0n];
  const raw = tsUs.data[0].values;  // BigInt64Array of the microsecond values
  assert.deepEqual(Array.from({ length: batch.numRows }, (_, i) => (tsUs.isValid(i) ? raw[i] : null)),
    rows.map((r) => micros[r]));
}

test('apache-arrow reads the continuation-framed stream with every type', () => {
  const table = tableFromIPC(run('stream'));
  checkSchema(table.schema);
  assert.equal(table.batches.length, 3);
  checkRows(table.batches[0], [0, 1, 2, 3]);
  checkRows(table.batches[1], [2, 3]);  // a slice, offsets re-based by the writer
  checkRows(table.batches[2], []);      // a zero-row batch
  assert.equal(table.numRows, 6);
});

test('apache-arrow reads single messages in the legacy framing (Athena serde v2)', () => {
  const bytes = run('legacy');
  // No continuation marker: the first int32 is the metadata length.
  assert.notEqual(bytes.readInt32LE(0), -1);
  assert.equal((4 + bytes.readInt32LE(0)) % 8, 0);
  const table = tableFromIPC(bytes);
  checkSchema(table.schema);
  assert.equal(table.batches.length, 1);
  checkRows(table.batches[0], [0, 1, 2, 3]);
});
