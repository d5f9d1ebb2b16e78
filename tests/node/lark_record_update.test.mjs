// Conformance: record updates through the official Lark Node SDK
// (appTableRecord.update = PUT …/records/:record_id, batchUpdate = POST
// …/records/batch_update). Only the named cells change, the ModifiedTime /
// ModifiedUser cells and last_modified_* move to the write time, created_*
// stay, an unknown record id is 1254043 and fails a whole batch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { larkSdkClient } from './lark_sdk_client.mjs';
import { demoTable, startEmulator } from './support.mjs';

let emulator;
let handshake;
let client;
let table;
let modifiedField;
let modifiedByField;

// Every record of the table with its automatic fields, by record id.
async function allRecords() {
  const out = new Map();
  let pageToken;
  do {
    const res = await client.bitable.appTableRecord.search({
      path: table,
      params: { page_size: 500, ...(pageToken ? { page_token: pageToken } : {}) },
      data: { automatic_fields: true },
    });
    assert.equal(res.code, 0, res.msg);
    for (const item of res.data.items ?? []) out.set(item.record_id, item);
    pageToken = res.data.has_more ? res.data.page_token : undefined;
  } while (pageToken);
  return out;
}

// `after` equals `before` except for the cells in `changed` and the
// modification cells and keys.
function assertOnlyChanged(before, after, changed, writeStart) {
  const skip = new Set([...Object.keys(changed), modifiedField.field_name,
    modifiedByField.field_name]);
  for (const [name, value] of Object.entries(before.fields)) {
    if (!skip.has(name)) assert.deepEqual(after.fields[name], value, `cell ${name} changed`);
  }
  for (const [name, value] of Object.entries(changed)) {
    if (value === null) assert.equal(after.fields[name], undefined, `${name} not cleared`);
    else assert.deepEqual(after.fields[name], value);
  }
  assert.equal(after.created_time, before.created_time);
  assert.deepEqual(after.created_by, before.created_by);
  assert.ok(after.last_modified_time >= writeStart, 'last_modified_time did not move');
  assert.equal(after.fields[modifiedField.field_name], after.last_modified_time);
  assert.notEqual(after.last_modified_time, before.last_modified_time);
  assert.equal(after.last_modified_by.id, handshake.app_id);
  assert.deepEqual(after.fields[modifiedByField.field_name], [after.last_modified_by]);
}

before(async () => {
  ({ child: emulator, handshake } = await startEmulator(['--demo', '--rows', '40']));
  client = larkSdkClient(handshake);
  table = demoTable(handshake, 'orders');
  const fields = (await client.bitable.appTableField.list({
    path: table, params: { page_size: 100 },
  })).data.items;
  modifiedField = fields.find((f) => f.type === 1002);
  modifiedByField = fields.find((f) => f.type === 1004);
  assert.ok(modifiedField && modifiedByField, 'orders needs ModifiedTime and ModifiedUser fields');
});

after(() => {
  if (emulator) emulator.kill('SIGTERM');
});

test('update changes the named cells and moves the modified time', async () => {
  const records = await allRecords();
  const [id] = [...records.keys()];
  const before = records.get(id);
  const changed = { Quantity: 77, Paid: !before.fields.Paid };
  const writeStart = Date.now();
  const res = await client.bitable.appTableRecord.update({
    path: { ...table, record_id: id },
    data: { fields: changed },
  });
  assert.equal(res.code, 0, res.msg);
  assert.equal(res.data.record.record_id, id);
  assert.equal(res.data.record.fields.Quantity, 77);
  const after = (await allRecords()).get(id);
  assertOnlyChanged(before, after, changed, writeStart);
  assert.equal((await allRecords()).size, records.size, 'an update must not add records');
});

test('null clears a cell', async () => {
  const records = await allRecords();
  const id = [...records.keys()].find((k) => records.get(k).fields.Quantity !== undefined);
  const before = records.get(id);
  const writeStart = Date.now();
  const res = await client.bitable.appTableRecord.update({
    path: { ...table, record_id: id },
    data: { fields: { Quantity: null } },
  });
  assert.equal(res.code, 0, res.msg);
  assertOnlyChanged(before, (await allRecords()).get(id), { Quantity: null }, writeStart);
});

test('batchUpdate changes several records and answers them in request order', async () => {
  const records = await allRecords();
  const ids = [...records.keys()].slice(2, 5);
  const changes = ids.map((id, i) => ({ record_id: id, fields: { Quantity: 1000 + i } }));
  const writeStart = Date.now();
  const res = await client.bitable.appTableRecord.batchUpdate({
    path: table,
    data: { records: changes },
  });
  assert.equal(res.code, 0, res.msg);
  assert.deepEqual(res.data.records.map((r) => r.record_id), ids);
  assert.deepEqual(res.data.records.map((r) => r.fields.Quantity), [1000, 1001, 1002]);
  const now = await allRecords();
  ids.forEach((id, i) => {
    assertOnlyChanged(records.get(id), now.get(id), changes[i].fields, writeStart);
  });
  // Records not named are untouched.
  for (const [id, before] of records) {
    if (!ids.includes(id)) assert.deepEqual(now.get(id), before);
  }
});

test('an unknown record id is 1254043 and fails the whole batch', async () => {
  const records = await allRecords();
  const [id] = [...records.keys()];
  const single = await client.bitable.appTableRecord.update({
    path: { ...table, record_id: 'recNoSuchOne' },
    data: { fields: { Quantity: 1 } },
  });
  assert.equal(single.code, 1254043);
  assert.match(single.msg, /recNoSuchOne/);
  const batch = await client.bitable.appTableRecord.batchUpdate({
    path: table,
    data: {
      records: [
        { record_id: id, fields: { Quantity: 4242 } },
        { record_id: 'recNoSuchOne', fields: { Quantity: 1 } },
      ],
    },
  });
  assert.equal(batch.code, 1254043);
  assert.deepEqual((await allRecords()).get(id), records.get(id), 'a failed batch wrote a record');
  const wrongType = await client.bitable.appTableRecord.update({
    path: { ...table, record_id: id },
    data: { fields: { Quantity: 'many' } },
  });
  assert.equal(wrongType.code, 1254061);
  assert.deepEqual((await allRecords()).get(id), records.get(id));
});
