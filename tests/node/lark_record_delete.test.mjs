// Conformance: record deletes through the official Lark Node SDK
// (appTableRecord.delete = DELETE …/records/:record_id, batchDelete = POST
// …/records/batch_delete). A deleted record is gone from search and batch_get,
// the others are untouched, an unknown record id is 1254043 and fails a whole
// batch before anything is deleted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { larkSdkClient } from './lark_sdk_client.mjs';
import { demoTable, startEmulator } from './support.mjs';

let emulator;
let client;
let table;

// Every record of the table, by record id, read page by page.
async function allRecords(query) {
  const out = new Map();
  let pageToken;
  do {
    const res = await client.bitable.appTableRecord.search({
      path: table,
      params: { page_size: 7, ...(pageToken ? { page_token: pageToken } : {}) },
      data: { automatic_fields: true, ...query },
    });
    assert.equal(res.code, 0, res.msg);
    for (const item of res.data.items ?? []) out.set(item.record_id, item);
    pageToken = res.data.has_more ? res.data.page_token : undefined;
  } while (pageToken);
  return out;
}

// `now` is `before` without `deleted`.
function assertOnlyDeleted(before, now, deleted) {
  assert.equal(now.size, before.size - deleted.length);
  for (const id of deleted) assert.equal(now.has(id), false, `${id} still listed`);
  for (const [id, record] of before) {
    if (!deleted.includes(id)) assert.deepEqual(now.get(id), record);
  }
}

before(async () => {
  let handshake;
  ({ child: emulator, handshake } = await startEmulator(['--demo', '--rows', '40']));
  client = larkSdkClient(handshake);
  table = demoTable(handshake, 'orders');
});

after(() => {
  if (emulator) emulator.kill('SIGTERM');
});

test('delete removes one record from search and batch_get', async () => {
  const records = await allRecords();
  const id = [...records.keys()][3];
  const res = await client.bitable.appTableRecord.delete({ path: { ...table, record_id: id } });
  assert.equal(res.code, 0, res.msg);
  assert.deepEqual(res.data, { deleted: true, record_id: id });
  assertOnlyDeleted(records, await allRecords(), [id]);
  // A sorted search (a computed match list, not every index) leaves it out too.
  const sorted = await allRecords({ sort: [{ field_name: 'Quantity', desc: true }] });
  assert.equal(sorted.size, records.size - 1);
  assert.equal(sorted.has(id), false);
  const got = await client.bitable.appTableRecord.batchGet({
    path: table,
    data: { record_ids: [id, [...records.keys()][0]] },
  });
  assert.equal(got.code, 0, got.msg);
  assert.deepEqual(got.data.absent_record_ids, [id]);
  assert.deepEqual(got.data.records.map((r) => r.record_id), [[...records.keys()][0]]);
  const again = await client.bitable.appTableRecord.delete({ path: { ...table, record_id: id } });
  assert.equal(again.code, 1254043, 'a deleted record was deleted twice');
  const update = await client.bitable.appTableRecord.update({
    path: { ...table, record_id: id },
    data: { fields: { Quantity: 1 } },
  });
  assert.equal(update.code, 1254043, 'a deleted record was updated');
});

test('batchDelete removes several records and answers them in request order', async () => {
  const records = await allRecords();
  const ids = [...records.keys()].slice(5, 9).reverse();
  const res = await client.bitable.appTableRecord.batchDelete({
    path: table,
    data: { records: ids },
  });
  assert.equal(res.code, 0, res.msg);
  assert.deepEqual(res.data.records, ids.map((id) => ({ deleted: true, record_id: id })));
  assertOnlyDeleted(records, await allRecords(), ids);
});

test('an unknown record id is 1254043 and fails the whole batch', async () => {
  const records = await allRecords();
  const [id] = [...records.keys()];
  const single = await client.bitable.appTableRecord.delete({
    path: { ...table, record_id: 'recNoSuchOne' },
  });
  assert.equal(single.code, 1254043);
  assert.match(single.msg, /recNoSuchOne/);
  const batch = await client.bitable.appTableRecord.batchDelete({
    path: table,
    data: { records: [id, 'recNoSuchOne'] },
  });
  assert.equal(batch.code, 1254043);
  assert.deepEqual(await allRecords(), records, 'a failed batch deleted a record');
  // An empty list is a bad request (HTTP 400, which the SDK throws).
  await assert.rejects(
    client.bitable.appTableRecord.batchDelete({ path: table, data: { records: [] } }),
    (error) => error.response?.status === 400 &&
      error.response.data.error.field_violations[0].field === 'records',
  );
});
