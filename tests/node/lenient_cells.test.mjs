// A cell whose JSON does not fit its field's type (text in a Number field, as
// when a field changed type in Lark): `larkbase sql` stops with an error naming
// the record and the remedy; with --lenient-cells it reads the cell as NULL,
// keeps every other row and warns on stderr.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, startEmulator } from './support.mjs';

let emulator;
let env;

function text(value) { return [{ type: 'text', text: value }]; }

function dataset() {
  const records = [
    { record_id: 'recGood00001', fields: { Name: text('good'), Amount: 12.5 } },
    { record_id: 'recBad000001', fields: { Name: text('bad'), Amount: 'twelve' } },
    { record_id: 'recEmpty0001', fields: { Name: text('empty') } },
  ];
  return {
    app_id: 'cli_lenient', app_secret: 'lenient-secret',
    bases: [{ app_token: 'bascnLenient01', name: 'Lenient', tables: [{
      table_id: 'tblAmounts001', name: 'amounts',
      fields: [
        { field_id: 'fldName00001', field_name: 'Name', type: 1, ui_type: 'Text', is_primary: true },
        { field_id: 'fldAmount001', field_name: 'Amount', type: 2, ui_type: 'Number' },
      ],
      records,
    }] }],
  };
}

before(async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'lenient-')), 'dataset.json');
  writeFileSync(path, JSON.stringify(dataset()));
  const started = await startEmulator(['--dataset', path]);
  emulator = started.child;
  const h = started.handshake;
  env = { LARK_API_URL: h.url, LARK_APP_ID: h.app_id, LARK_APP_SECRET: h.app_secret,
    LARK_BASES: 'bascnLenient01=lenient', ACTIVATE_LARK_BASE_SOURCE: 'false' };
});

after(() => { if (emulator) emulator.kill('SIGTERM'); });

function sql(args) {
  return new Promise((resolve) => {
    execFile(bin, ['sql', '--format', 'json', ...args], { env: { ...process.env, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

const query = 'SELECT name, amount FROM lenient.amounts ORDER BY name';

test('a wrong-typed cell stops the query and names the record and the remedy', async () => {
  const { code, stdout, stderr } = await sql([query]);
  assert.notEqual(code, 0);
  assert.match(stderr, /recBad000001/);
  assert.match(stderr, /tblAmounts001/);
  assert.match(stderr, /--lenient-cells/);
  assert.doesNotMatch(stdout + stderr, /lenient-secret/);
});

test('--lenient-cells reads it as NULL, keeps every row and warns', async () => {
  const { code, stdout, stderr } = await sql(['--lenient-cells', query]);
  assert.equal(code, 0, stderr);
  const rows = JSON.parse(stdout);
  assert.deepEqual(rows.rows, [
    { name: 'bad', amount: null },
    { name: 'empty', amount: null },
    { name: 'good', amount: 12.5 },
  ]);
  assert.match(stderr, /became NULL/);
});

test('--lenient-cells still filters exactly: the NULLed cell matches IS NULL only', async () => {
  const { code, stdout, stderr } = await sql(['--lenient-cells',
    'SELECT name FROM lenient.amounts WHERE amount IS NULL ORDER BY name']);
  assert.equal(code, 0, stderr);
  assert.deepEqual(JSON.parse(stdout).rows, [{ name: 'bad' }, { name: 'empty' }]);
});
