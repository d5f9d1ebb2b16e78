// The discovery flows through the command line, as a user runs them: the same
// demo emulator, reached through --base, --control-table and --drive-folder,
// gives the schema.table names each flow promises, and `larkbase sql` reads
// through them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, runCli } from './support.mjs';

let emulator;
let handshake;
let common;

// No source from the caller's environment may leak into these runs.
const noSources = {
  LARK_BASES: '',
  ACTIVATE_LARK_BASE_SOURCE: '',
  LARK_BASE_DATA_SOURCE_ID: '',
  LARK_TABLE_DATA_SOURCE_ID: '',
  ACTIVATE_LARK_DRIVE_SOURCE: '',
  LARK_FOLDER_TOKEN_DATA_SOURCE: '',
};

before(async () => {
  ({ child: emulator, handshake } = await startEmulator(['--demo', '--rows', '300']));
  common = ['--api-url', handshake.url, '--app-id', handshake.app_id];
});

after(() => {
  if (emulator) emulator.kill('SIGTERM');
});

async function tables(flags) {
  const { stdout } = await runCli(['tables', ...common, '--output', 'json', ...flags],
    { ...noSources, LARK_APP_SECRET: handshake.app_secret });
  return JSON.parse(stdout);
}

// The qualified names of a `tables --output json` document
// ({"schemas":[{"schema","tables":[...]}],"warnings":[...]}), sorted.
function names(document) {
  return document.schemas.flatMap((s) => s.tables.map((t) => `${s.schema}.${t}`)).sort();
}

test('--base names a schema for every table of the base', async () => {
  const sales = handshake.bases.find((b) => b.name === 'Sales');
  const found = names(await tables(['--base', `${sales.app_token}=shop`]));
  assert.deepEqual(found, sales.tables.map((t) => `shop.${t.name}`).sort());
  // The query right after a repeatable flag is still the query, not a second base.
  const { stdout } = await runCli(['sql', ...common, '--format', 'json', '--base',
    `${sales.app_token}=shop`, 'SELECT count(*) AS n FROM shop.orders'],
  { ...noSources, LARK_APP_SECRET: handshake.app_secret });
  assert.equal(JSON.parse(stdout).rows[0].n, 300);
});

test('--control-table reads schema names and bases from the control table', async () => {
  const { app_token, table_id } = handshake.control_table;
  const found = names(await tables(['--control-table', `${app_token}:${table_id}`]));
  assert.ok(found.includes('sales.orders'), found.join(' '));
  assert.ok(found.length >= 5, found.join(' '));
});

test('--drive-folder makes each base in the folder a schema', async () => {
  const found = names(await tables(['--drive-folder', handshake.drive_folder]));
  assert.ok(found.length >= 3, found.join(' '));
  const schemas = new Set(found.map((n) => n.split('.')[0]));
  assert.ok(schemas.size >= 2, [...schemas].join(' '));
});

test('sql reads through the control-table flow, and a malformed flag is a user error', async () => {
  const { app_token, table_id } = handshake.control_table;
  const env = { ...noSources, LARK_APP_SECRET: handshake.app_secret };
  const { stdout } = await runCli(['sql', ...common, '--control-table', `${app_token}:${table_id}`,
    '--format', 'json', 'SELECT count(*) AS n FROM sales.orders'], env);
  assert.equal(JSON.parse(stdout).rows[0].n, 300);
  await assert.rejects(
    runCli(['tables', ...common, '--control-table', 'no-colon'], env),
    /--control-table 'no-colon' is not APP_TOKEN:TABLE_ID/);
});
