// Conformance: the page normaliser's batch, written by our IPC writer, read by
// the npm apache-arrow library. The C++ program
// $LARKBASE_BUILD_DIR/tests/types/normalised_ipc_sample normalises 300 demo
// orders (every field type of the contract: lists of structs for people,
// attachments and links, the location struct, lookups, formulas, empty cells)
// and prints the batch as an Arrow stream, or its schema and cell values as JSON.
// Every column type and every cell must agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC, Type, Vector } from 'apache-arrow';

const buildDir = process.env.LARKBASE_BUILD_DIR;
const sample = buildDir && path.join(buildDir, 'tests', 'types', 'normalised_ipc_sample');

function run(mode) {
  assert.ok(sample && existsSync(sample),
    `normalised_ipc_sample not found at ${sample}: build the target normalised_ipc_sample`);
  return execFileSync(sample, [mode], { maxBuffer: 256 << 20 });
}

// An Arrow type in our DataType::to_string spelling, so the two schemas compare.
function typeName(type) {
  switch (type.typeId) {
    case Type.Null: return 'null';
    case Type.Bool: return 'bool';
    case Type.Int: return `int${type.bitWidth}`;
    case Type.Float: return type.precision === 2 ? 'float64' : 'float32';
    case Type.Utf8: return 'utf8';
    case Type.List: return `list<${typeName(type.children[0].type)}>`;
    case Type.Struct:
      return `struct<${type.children.map((f) => `${f.name}: ${typeName(f.type)}`).join(', ')}>`;
    default: return `unexpected(${type})`;
  }
}

// A cell as plain JSON-like JS (BigInt → Number: the demo's integers are small).
function plain(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Vector) {
    return Array.from({ length: value.length }, (_, i) => plain(value.get(i)));
  }
  if (typeof value === 'object' && typeof value.toJSON === 'function') {
    const out = {};
    for (const [k, v] of Object.entries(value.toJSON())) out[k] = plain(v);
    return out;
  }
  return value;
}

test('every column type and cell of a normalised demo page reads back in apache-arrow', () => {
  const expected = JSON.parse(run('json').toString('utf8'));
  const table = tableFromIPC(run('arrow'));
  assert.deepEqual(
    table.schema.fields.map((f) => ({ name: f.name, type: typeName(f.type) })),
    expected.columns);
  assert.equal(table.numRows, 300);
  assert.equal(table.batches.length, 2);

  const types = new Set(expected.columns.map((c) => c.type));
  for (const nested of ['list<utf8>', 'struct<text: utf8, link: utf8>']) {
    assert.ok(types.has(nested), `the page has a ${nested} column`);
  }
  assert.ok([...types].some((t) => t.startsWith('list<struct<')), 'lists of structs');

  let nulls = 0;
  for (let r = 0; r < table.numRows; r++) {
    const row = table.get(r);
    expected.columns.forEach((column, c) => {
      const want = expected.rows[r][c];
      if (want === null) nulls++;
      assert.deepEqual(plain(row[column.name]), want, `row ${r} column ${column.name}`);
    });
  }
  assert.ok(nulls > 0, 'empty cells are NULL');
});
