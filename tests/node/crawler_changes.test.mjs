// The crawler's change summary end to end: `larkbase crawl` of the demo control
// table into the local AWS emulator's Glue and into a local catalog file, then
// the Base is changed through the Lark emulator's Open API with the official
// Lark SDK (@larksuiteoapi/node-sdk) — a table added, a field renamed, a
// field's type changed, the table renamed, the table deleted — and after each
// change the next crawl must report exactly that (and nothing else) in both
// catalogs; Glue is read back with the official AWS SDK.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GlueClient, GetTablesCommand, GetTableCommand } from '@aws-sdk/client-glue';
import { larkSdkClient } from './lark_sdk_client.mjs';
import { bin, startEmulator, runCli } from './support.mjs';

function startAwsEmulator() {
  const child = spawn(bin, ['aws-emulator', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    child.once('exit', (code) => reject(new Error(`aws-emulator exited early with ${code}`)));
    lines.once('line', (line) => resolve({ child, handshake: JSON.parse(line) }));
  });
}

let larkEmu;
let awsEmu;
let env;
let client;
let glue;
let dir;
let controlTable;
let base;   // { id, name } of the database the test changes
let probe;  // { id, name, fields: {name: field_id} } the table the test adds

const catalogs = () => [['--catalog', 'glue'], ['--catalog', join(dir, 'catalog.json')]];

async function crawl(catalog, extra = []) {
  const { stdout } = await runCli(
    ['crawl', '--control-table', controlTable, ...catalog, '--format', 'json', '--quiet', ...extra], env);
  return JSON.parse(stdout);
}

// Crawls into Glue and into the file with the same flags; both summaries must
// agree on every database and table (only the catalog's description differs).
async function crawlBoth(extra = []) {
  const [fromGlue, fromFile] = [await crawl(catalogs()[0], extra), await crawl(catalogs()[1], extra)];
  assert.deepEqual(fromFile.databases, fromGlue.databases, 'the Glue and file summaries differ');
  assert.deepEqual(fromFile.totals, fromGlue.totals);
  return fromGlue;
}

// Asserts the summary holds exactly `expected` (table name -> {status, changes?})
// in the changed database, and that every other database and table is skipped.
function expectOnly(summary, expected) {
  assert.equal(summary.ok, true, JSON.stringify(summary));
  const seen = new Set();
  const counts = {};
  for (const database of summary.databases) {
    assert.equal(database.status, 'skipped', `database ${database.name}: ${JSON.stringify(database)}`);
    for (const table of database.tables) {
      counts[table.status] = (counts[table.status] ?? 0) + 1;
      const want = database.name === base.name ? expected[table.name] : undefined;
      if (want === undefined) {
        assert.equal(table.status, 'skipped', `${database.name}.${table.name}: ${JSON.stringify(table)}`);
        assert.equal(table.changes, undefined);
        continue;
      }
      seen.add(table.name);
      assert.equal(table.status, want.status, `${table.name}: ${JSON.stringify(table)}`);
      assert.deepEqual(table.changes, want.changes, `${table.name}: ${JSON.stringify(table)}`);
      if (want.id) assert.equal(table.id, want.id);
    }
  }
  assert.deepEqual([...seen].sort(), Object.keys(expected).sort(), 'an expected table is missing');
  for (const [status, count] of Object.entries(summary.totals.tables)) {
    assert.equal(count, counts[status] ?? 0, `totals.tables.${status}`);
  }
}

async function glueTables() {
  const out = new Map();
  for (const database of (await crawl(catalogs()[0], ['--dry-run'])).databases) {
    let NextToken;
    do {
      const page = await glue.send(new GetTablesCommand({ DatabaseName: database.name, NextToken }));
      for (const table of page.TableList) out.set(`${database.name}.${table.Name}`, table);
      NextToken = page.NextToken;
    } while (NextToken);
  }
  return out;
}

async function glueTable(name) {
  try {
    return (await glue.send(new GetTableCommand({ DatabaseName: base.name, Name: name }))).Table;
  } catch (error) {
    if (error.name === 'EntityNotFoundException') return undefined;
    throw error;
  }
}

function larkOk(res, what) {
  assert.equal(res.code, 0, `${what}: ${JSON.stringify(res)}`);
  return res.data;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crawler-changes-'));
  larkEmu = await startEmulator(['--demo', '--rows', '20']);
  awsEmu = await startAwsEmulator();
  const { handshake: l } = larkEmu;
  const { handshake: a } = awsEmu;
  controlTable = `${l.control_table.app_token}:${l.control_table.table_id}`;
  env = {
    LARK_API_URL: l.url, LARK_APP_ID: l.app_id, LARK_APP_SECRET: l.app_secret,
    AWS_ENDPOINT_URL: a.url, AWS_REGION: a.region,
    AWS_ACCESS_KEY_ID: 'AKIDNODE', AWS_SECRET_ACCESS_KEY: 'node-secret-key',
  };
  client = larkSdkClient(l);
  glue = new GlueClient({
    region: a.region, endpoint: a.url,
    credentials: { accessKeyId: 'AKIDNODE', secretAccessKey: 'node-secret-key' },
  });
  const first = await crawlBoth();
  assert.equal(first.ok, true);
  assert.ok(first.totals.tables.created > 0);
  base = { id: first.databases[0].id, name: first.databases[0].name };
});

after(() => {
  larkEmu?.child.kill('SIGTERM');
  awsEmu?.child.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a second crawl with no change skips everything and writes nothing to Glue', async () => {
  const before = await glueTables();
  expectOnly(await crawlBoth(), {});
  const afterwards = await glueTables();
  assert.equal(afterwards.size, before.size);
  for (const [name, table] of before) {
    assert.equal(afterwards.get(name)?.UpdateTime?.getTime(), table.UpdateTime.getTime(), `${name} was rewritten`);
  }
});

test('progress goes to stderr, the JSON summary alone to stdout', async () => {
  const { stdout, stderr } = await runCli(
    ['crawl', '--control-table', controlTable, ...catalogs()[0], '--format', 'json', '--dry-run'], env);
  const summary = JSON.parse(stdout);
  assert.equal(summary.dry_run, true);
  const lines = stderr.split('\n').filter((line) => line.startsWith('crawl: '));
  assert.ok(lines.some((line) => line.includes(`database 1/${summary.databases.length}`)), stderr);
  assert.doesNotMatch(stderr, new RegExp(env.LARK_APP_SECRET));
});

test('a table added in Lark is created', async () => {
  const data = larkOk(await client.bitable.appTable.create({
    path: { app_token: base.id },
    data: { table: { name: 'crawl_probe', fields: [
      { field_name: 'Title', type: 1 },
      { field_name: 'Amount', type: 2, property: { formatter: '0.00' } },
      { field_name: 'Notes', type: 1 },
    ] } },
  }), 'create table');
  const fields = larkOk(await client.bitable.appTableField.list({
    path: { app_token: base.id, table_id: data.table_id }, params: { page_size: 100 },
  }), 'list fields').items;
  assert.deepEqual(fields.map((f) => f.field_id), data.field_id_list);
  probe = { id: data.table_id, name: 'crawl_probe', fields: Object.fromEntries(fields.map((f) => [f.field_name, f.field_id])) };
  expectOnly(await crawlBoth(), { crawl_probe: { status: 'created', id: probe.id } });
  const table = await glueTable('crawl_probe');
  assert.equal(table.Parameters.larkTableId, probe.id);
  assert.deepEqual(table.StorageDescriptor.Columns.map((c) => [c.Name, c.Type]),
    [['title', 'string'], ['amount', 'double'], ['notes', 'string']]);
});

test('a renamed field is an update naming the field and both names', async () => {
  const field = probe.fields.Notes;
  larkOk(await client.bitable.appTableField.update({
    path: { app_token: base.id, table_id: probe.id, field_id: field },
    data: { field_name: 'Remarks', type: 1 },
  }), 'rename field');
  expectOnly(await crawlBoth(), { crawl_probe: { status: 'updated', changes: [
    `field ${field} renamed: 'Notes' → 'Remarks' (column notes → remarks)`,
  ] } });
  const columns = (await glueTable('crawl_probe')).StorageDescriptor.Columns;
  assert.equal(columns[2].Name, 'remarks');
  assert.match(columns[2].Comment, new RegExp(`LarkBaseFieldId=${field}/LarkBaseFieldName=Remarks/`));
});

test("a field's type change is an update naming both types", async () => {
  larkOk(await client.bitable.appTableField.update({
    path: { app_token: base.id, table_id: probe.id, field_id: probe.fields.Amount },
    data: { field_name: 'Amount', type: 1 },
  }), 'change type');
  expectOnly(await crawlBoth(), { crawl_probe: { status: 'updated', changes: [
    'column amount: type double → string (Number → Text)',
  ] } });
  assert.equal((await glueTable('crawl_probe')).StorageDescriptor.Columns[1].Type, 'string');
});

test('a renamed table is one update (the old name is gone, nothing stale)', async () => {
  larkOk(await client.bitable.appTable.patch({
    path: { app_token: base.id, table_id: probe.id }, data: { name: 'crawl_probe_renamed' },
  }), 'rename table');
  expectOnly(await crawlBoth(), { crawl_probe_renamed: { status: 'updated', id: probe.id, changes: [
    'table renamed: crawl_probe → crawl_probe_renamed',
    "parameter larkTableName: 'crawl_probe' → 'crawl_probe_renamed'",
  ] } });
  assert.equal(await glueTable('crawl_probe'), undefined);
  assert.equal((await glueTable('crawl_probe_renamed')).Parameters.larkTableId, probe.id);
  probe.name = 'crawl_probe_renamed';
});

test('a deleted table is stale, listed by the dry run, and deleted only with --prune', async () => {
  larkOk(await client.bitable.appTable.delete({ path: { app_token: base.id, table_id: probe.id } }), 'delete table');
  expectOnly(await crawlBoth(), { crawl_probe_renamed: { status: 'stale', id: probe.id } });
  assert.ok(await glueTable(probe.name), 'without --prune the table stays');

  const dry = await crawlBoth(['--prune', '--dry-run']);
  assert.equal(dry.dry_run, true);
  expectOnly(dry, { crawl_probe_renamed: { status: 'deleted', id: probe.id } });
  assert.ok(await glueTable(probe.name), 'the dry run wrote nothing');
  const { stdout: text } = await runCli(
    ['crawl', '--control-table', controlTable, ...catalogs()[0], '--prune', '--dry-run', '--quiet'], env);
  assert.match(text, /\(dry run: nothing was written\)/);
  assert.match(text, new RegExp(`table ${base.name}\\.crawl_probe_renamed \\(${probe.id}\\): would be deleted`));

  expectOnly(await crawlBoth(['--prune']), { crawl_probe_renamed: { status: 'deleted', id: probe.id } });
  assert.equal(await glueTable(probe.name), undefined);
  expectOnly(await crawlBoth(['--prune']), {});
});

test('the demo Drive folder crawled into a catalog file is served like the direct Drive flow', async () => {
  const folder = larkEmu.handshake.drive_folder;
  const file = join(dir, 'drive.json');
  const { stdout } = await runCli(
    ['crawl', '--drive-folder', folder, '--catalog', file, '--format', 'json', '--quiet'], env);
  const summary = JSON.parse(stdout);
  assert.equal(summary.ok, true);
  const sql = async (source, query) =>
    JSON.parse((await runCli(['sql', ...source, '--format', 'json', query], env)).stdout);
  let compared = 0;
  for (const database of summary.databases) {
    for (const table of database.tables) {
      assert.equal(table.status, 'created');
      const query = `SELECT * FROM ${database.name}.${table.name} ORDER BY "$reserved_record_id"`;
      const fromCatalog = await sql(['--glue-catalog', file], query);
      assert.deepEqual(fromCatalog, await sql(['--drive-folder', folder], query), query);
      compared += 1;
    }
  }
  assert.ok(compared >= 6, `only ${compared} tables`);
});

// The schema routes refuse what Lark refuses, with Lark's codes.
async function larkCode(call) {
  try {
    return (await call()).code;
  } catch (error) {
    return error.response?.data?.code;
  }
}

test('the schema routes refuse a taken name, an unknown field and a bad type', async () => {
  const tables = larkOk(await client.bitable.appTable.list({ path: { app_token: base.id } }), 'list tables').items;
  const [first, second] = tables;
  assert.equal(await larkCode(() => client.bitable.appTable.patch({
    path: { app_token: base.id, table_id: second.table_id }, data: { name: first.name },
  })), 1254013);
  assert.equal(await larkCode(() => client.bitable.appTable.create({
    path: { app_token: base.id }, data: { table: { name: first.name } },
  })), 1254013);
  assert.equal(await larkCode(() => client.bitable.appTableField.update({
    path: { app_token: base.id, table_id: first.table_id, field_id: 'fldNoSuchField' },
    data: { field_name: 'X', type: 1 },
  })), 1254044);
  assert.equal(await larkCode(() => client.bitable.appTable.create({
    path: { app_token: base.id }, data: { table: { name: 'bad_type', fields: [{ field_name: 'A', type: 6 }] } },
  })), 99992402);
  // Nothing changed: the next crawl skips everything.
  expectOnly(await crawlBoth(), {});
});

// Lark faults (5xx and the other transient errors, injected by the emulator)
// with retries cut to one attempt: the crawl reports the tables it could not
// read as failed and exits 3; every table it did write is whole — a crawl with
// retries then skips each of them (same columns, same mappings) and creates
// only the failed ones.
function crawlExit(args, extraEnv) {
  return new Promise((resolve) => {
    execFile(bin, ['crawl', ...args], { env: { ...process.env, ...extraEnv } },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
}

test('Lark faults: failed tables are reported, exit 3, and nothing is half-written', async () => {
  const faulty = await startEmulator(['--demo', '--rows', '20', '--fault-rate', '0.25', '--fault-seed', '4']);
  try {
    const h = faulty.handshake;
    const larkEnv = { LARK_API_URL: h.url, LARK_APP_ID: h.app_id, LARK_APP_SECRET: h.app_secret };
    const args = ['--control-table', `${h.control_table.app_token}:${h.control_table.table_id}`,
      '--catalog', join(dir, 'faults.json'), '--format', 'json', '--quiet'];
    const cut = await crawlExit(args, { ...larkEnv, LARK_MAX_ATTEMPTS: '1' });
    assert.equal(cut.code, 3, cut.stderr);
    assert.match(cut.stderr, /failed item/);
    const first = JSON.parse(cut.stdout);
    assert.equal(first.ok, false);
    const failed = new Set();
    const written = new Set();
    for (const database of first.databases) {
      for (const table of database.tables) {
        if (table.status === 'failed') {
          assert.match(table.reason, /gave up after 1 attempts/);
          failed.add(`${database.name}.${table.name}`);
        } else if (table.status === 'created') {
          written.add(`${database.name}.${table.name}`);
        }
      }
    }
    assert.ok(failed.size > 0 && written.size > 0, cut.stdout);
    assert.doesNotMatch(cut.stdout + cut.stderr, new RegExp(h.app_secret));

    const retried = await crawlExit(args, { ...larkEnv, LARK_MAX_ATTEMPTS: '30' });
    assert.equal(retried.code, 0, retried.stderr);
    const second = JSON.parse(retried.stdout);
    assert.equal(second.ok, true);
    for (const database of second.databases) {
      for (const table of database.tables) {
        const name = `${database.name}.${table.name}`;
        if (written.has(name)) assert.equal(table.status, 'skipped', `${name} was not whole: ${JSON.stringify(table)}`);
        if (failed.has(name)) assert.equal(table.status, 'created', name);
      }
    }
  } finally {
    faulty.child.kill('SIGTERM');
  }
});
