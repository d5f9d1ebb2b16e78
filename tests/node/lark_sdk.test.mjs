// Conformance: the official Lark Node SDK and `larkbase lark` talk to the same
// emulator. The SDK lists tables and fields and pages a filtered, sorted
// search; `larkbase lark search` runs the same request; both must return the
// same records in the same order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { larkSdkClient } from './lark_sdk_client.mjs';
import { demoTable, startEmulator, runCli } from './support.mjs';

let emulator;
let handshake;
let client;

const ordersTable = () => demoTable(handshake, 'orders');

before(async () => {
  ({ child: emulator, handshake } = await startEmulator(['--demo', '--rows', '1500']));
  client = larkSdkClient(handshake);
});

after(() => {
  if (emulator) emulator.kill('SIGTERM');
});

test('SDK lists the tables the handshake announces', async () => {
  for (const base of handshake.bases) {
    const res = await client.bitable.appTable.list({
      path: { app_token: base.app_token },
      params: { page_size: 100 },
    });
    assert.equal(res.code, 0, res.msg);
    const listed = res.data.items.map((t) => t.table_id).sort();
    assert.deepEqual(listed, base.tables.map((t) => t.table_id).sort());
  }
});

test('SDK and larkbase lark list the same fields', async () => {
  const { app_token, table_id } = ordersTable();
  const res = await client.bitable.appTableField.list({
    path: { app_token, table_id },
    params: { page_size: 100 },
  });
  assert.equal(res.code, 0, res.msg);
  assert.ok(res.data.items.length > 0);
  const { stdout } = await runCli(
    ['lark', 'fields', '--base', app_token, '--table', table_id, '--output', 'json',
      '--api-url', handshake.url, '--app-id', handshake.app_id],
    { LARK_APP_SECRET: handshake.app_secret });
  const cli = JSON.parse(stdout);
  assert.deepEqual(cli.fields, res.data.items);
});

test('a filtered, sorted search gives identical records through the SDK and the CLI', async () => {
  const { app_token, table_id } = ordersTable();
  const fields = (await client.bitable.appTableField.list({
    path: { app_token, table_id }, params: { page_size: 100 },
  })).data.items;
  const number = fields.find((f) => f.type === 2 && f.ui_type === 'Number');
  const select = fields.find((f) => f.type === 3 && f.property?.options?.length);
  assert.ok(number && select, 'orders needs a Number and a SingleSelect field');
  const filter = {
    conjunction: 'and',
    conditions: [
      { field_name: select.field_name, operator: 'is', value: [select.property.options[0].name] },
      { field_name: number.field_name, operator: 'isNotEmpty', value: [] },
    ],
  };
  const sort = [{ field_name: number.field_name, desc: true }];

  // Manual paging with the non-iterator method, so an error cannot be swallowed.
  const sdkRecords = [];
  let pageToken;
  let total;
  let pages = 0;
  do {
    const res = await client.bitable.appTableRecord.search({
      path: { app_token, table_id },
      params: { page_size: 100, ...(pageToken ? { page_token: pageToken } : {}) },
      data: { filter, sort },
    });
    assert.equal(res.code, 0, res.msg);
    sdkRecords.push(...(res.data.items ?? []));
    total = res.data.total;
    pageToken = res.data.has_more ? res.data.page_token : undefined;
    pages += 1;
  } while (pageToken);
  assert.ok(sdkRecords.length > 100, `expected several pages, got ${sdkRecords.length} records`);
  assert.equal(sdkRecords.length, total);

  const { stdout, stderr } = await runCli(
    ['lark', 'search', '--base', app_token, '--table', table_id,
      '--filter', JSON.stringify(filter), '--sort', JSON.stringify(sort),
      '--page-size', '100', '--output', 'json', '--stats'],
    { LARK_API_URL: handshake.url, LARK_APP_ID: handshake.app_id,
      LARK_APP_SECRET: handshake.app_secret });
  const cli = JSON.parse(stdout);
  assert.equal(cli.total, total);
  assert.equal(cli.pages, pages);
  assert.deepEqual(cli.records, sdkRecords);
  assert.match(stderr, /calls=\d+/);
  assert.ok(!stderr.includes(handshake.app_secret), 'the secret must not be printed');
});

test('the SDK iterator and the CLI agree on a full unfiltered scan', async () => {
  const { app_token, table_id } = ordersTable();
  const ids = [];
  for await (const page of await client.bitable.appTableRecord.searchWithIterator({
    path: { app_token, table_id }, params: { page_size: 500 }, data: {},
  })) {
    for (const item of page?.items ?? []) ids.push(item.record_id);
  }
  assert.equal(ids.length, 1500);
  const { stdout } = await runCli(
    ['lark', 'search', '--base', app_token, '--table', table_id, '--output', 'json', '--api-url', handshake.url, '--app-id', handshake.app_id],
    { LARK_APP_SECRET: handshake.app_secret });
  const cli = JSON.parse(stdout);
  assert.deepEqual(cli.records.map((r) => r.record_id), ids);
});

test('a wrong secret exits with a user error that names the variables, not the secret', async () => {
  const { app_token } = ordersTable();
  const secret = 'not-the-right-secret-1234';
  await assert.rejects(
    runCli(['lark', 'tables', '--base', app_token, '--api-url', handshake.url,
      '--app-id', handshake.app_id], { LARK_APP_SECRET: secret }),
    (error) => {
      assert.match(error.message, /LARK_APP_SECRET/);
      assert.ok(!error.message.includes(secret));
      return true;
    });
});
