// Conformance: the official AWS SDK for JavaScript v3 (`@aws-sdk/client-lambda`)
// calls `larkbase athena serve` the way Athena calls the deployed connector, and
// an independent Arrow implementation (apache-arrow) both builds the constraint
// blocks and projection schema of the requests and decodes every answer. The rows
// of the whole federation call sequence are compared with `larkbase sql --format
// json` for the same query.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import {
  Table, Schema, Field, Utf8, Float64, vectorFromArray, tableToIPC, tableFromIPC,
} from 'apache-arrow';
import { bin, startEmulator, runCli } from './support.mjs';

const EOS = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

const { child: emulator, handshake: emu } = await startEmulator(['--demo', '--rows', '300']);
const env = {
  LARK_API_URL: emu.url,
  LARK_APP_ID: emu.app_id,
  LARK_APP_SECRET: emu.app_secret,
  LARK_BASES: emu.bases.map((b) => `${b.app_token}=${b.name.toLowerCase()}`).join(','),
  LARK_RATE_LIMIT: '1000',
};

function startServe() {
  // Parallel splits on: every query below is read as several split-key ranges.
  const child = spawn(bin, ['athena', 'serve', '--port', '0'], {
    env: { ...process.env, ...env, ACTIVATE_PARALLEL_SPLIT: 'true', PARALLEL_SPLIT_SIZE: '60' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    child.once('exit', (code) => reject(new Error(`athena serve exited early with ${code}`)));
    lines.once('line', (line) => resolve({ child, handshake: JSON.parse(line) }));
  });
}
const { child: serve, handshake: served } = await startServe();
after(() => {
  serve.kill('SIGTERM');
  emulator.kill('SIGTERM');
});

const lambda = new LambdaClient({
  region: 'us-east-1',
  endpoint: served.url,
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
});

// One synchronous invocation; resolves with the parsed payload and the function error.
async function invoke(request) {
  const out = await lambda.send(new InvokeCommand({
    FunctionName: 'larkbase-athena', Payload: Buffer.from(JSON.stringify(request)),
  }));
  return { payload: JSON.parse(Buffer.from(out.Payload).toString('utf8')), error: out.FunctionError };
}
async function call(request) {
  const { payload, error } = await invoke(request);
  assert.equal(error, undefined, JSON.stringify(payload));
  return payload;
}

const identity = {
  id: 'UNKNOWN', principal: 'UNKNOWN', account: '111122223333',
  arn: 'arn:aws:iam::111122223333:user/alice', tags: {}, groups: [], configOptions: {},
};
const base = (type) => ({ '@type': type, identity, queryId: 'q-node', catalogName: 'lark' });

// Arrow IPC: our wire strings hold one message each; a stream is schema + batch + EOS.
const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const schemaMessage = (schema) => {
  const stream = Buffer.from(tableToIPC(new Table(schema), 'stream'));
  return stream.subarray(0, stream.length - EOS.length);
};
function blockOf(schema, values) {
  if (values.length === 0) return { aId: 'node', schema: b64(schemaMessage(schema)), records: '' };
  const table = new Table({ col1: vectorFromArray(values, schema.fields[0].type) });
  const stream = Buffer.from(tableToIPC(table, 'stream'));
  const head = schemaMessage(table.schema).length;
  return {
    aId: 'node',
    schema: b64(stream.subarray(0, head)),
    records: b64(stream.subarray(head, stream.length - EOS.length)),
  };
}
function decodeBlock(block) {
  const schema = Buffer.from(block.schema, 'base64');
  const records = Buffer.from(block.records, 'base64');
  return tableFromIPC(Buffer.concat([schema, records, EOS]));
}

const col1 = (type) => new Schema([new Field('col1', type, true)]);
// status IN (...), built with apache-arrow.
const statusIn = (values) => ({
  '@type': 'EquatableValueSet', valueBlock: blockOf(col1(new Utf8()), values),
  whiteList: true, nullAllowed: false,
});
// amount > low (low ABOVE, high unbounded), built with apache-arrow.
const amountAbove = (low, nullAllowed) => ({
  '@type': 'SortedRangeSet', type: { '@type': 'FloatingPoint', precision: 'DOUBLE' },
  ranges: [{
    low: { valueBlock: blockOf(col1(new Float64()), [low]), bound: 'ABOVE', nullValue: false },
    high: { valueBlock: blockOf(col1(new Float64()), []), bound: 'BELOW', nullValue: true },
  }],
  nullAllowed,
});
const constraints = (summary) => ({
  summary, expression: [], orderByClause: [], limit: -1, queryPassthroughArguments: {}, queryPlan: null,
});

// Arrow cell → the value `larkbase sql --format json` prints for it.
function sqlValue(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  return value;
}
const byId = (a, b) => (a.$reserved_record_id < b.$reserved_record_id ? -1 : 1);

test('Ping and capabilities through the Lambda Invoke API', async () => {
  const ping = await call({
    '@type': 'PingRequest', identity, catalogName: 'lark', queryId: 'q-node',
  });
  assert.equal(ping['@type'], 'PingResponse');
  assert.equal(ping.serDeVersion, 6);
  assert.equal(ping.queryId, 'q-node');
  const caps = await call(base('GetDataSourceCapabilitiesRequest'));
  assert.equal(caps['@type'], 'GetDataSourceCapabilitiesResponse');
  assert.deepEqual(caps.capabilities.supports_limit_pushdown, [{ subType: 'integer_constant', properties: [] }]);
});

test('a failed invocation carries X-Amz-Function-Error: Unhandled and the error document', async () => {
  const { payload, error } = await invoke({
    ...base('GetTableRequest'), tableName: { schemaName: 'nope', tableName: 'x' },
    queryPassthroughArguments: {},
  });
  assert.equal(error, 'Unhandled');
  assert.equal(payload.errorType, 'InvalidInputException');
  assert.match(payload.errorMessage, /nope/);
  assert.ok(!JSON.stringify(payload).includes(emu.app_secret));
});

test('the call sequence returns the rows of larkbase sql (constraints built by apache-arrow)', async () => {
  const schemas = await call(base('ListSchemasRequest'));
  assert.ok(schemas.schemas.includes('sales'), JSON.stringify(schemas));
  const tables = await call({ ...base('ListTablesRequest'), schemaName: 'sales', nextToken: null, pageSize: -1 });
  assert.ok(tables.tables.some((t) => t.tableName === 'orders'));
  const tableName = { schemaName: 'sales', tableName: 'orders' };
  const got = await call({ ...base('GetTableRequest'), tableName, queryPassthroughArguments: {} });
  const tableSchema = tableFromIPC(Buffer.concat([Buffer.from(got.schema, 'base64'), EOS])).schema;
  assert.ok(tableSchema.fields.some((f) => f.name === '$reserved_record_id'));

  // The projection Athena would ask for, written by apache-arrow.
  const columns = ['$reserved_record_id', 'order_no', 'status', 'amount', 'quantity', 'paid', 'satisfaction'];
  const projected = new Schema(columns.map((name) => tableSchema.fields.find((f) => f.name === name)));
  const cases = [
    { summary: { status: statusIn(['Delivered', 'Shipped']), amount: amountAbove(500, false) },
      where: "status IN ('Delivered', 'Shipped') AND amount > 500" },
    { summary: { amount: amountAbove(2000, true) }, where: 'amount > 2000 OR amount IS NULL' },
    { summary: {}, where: '1 = 1' },
  ];
  const counts = [];
  for (const { summary, where } of cases) {
    const c = constraints(summary);
    const layout = await call({
      ...base('GetTableLayoutRequest'), tableName, constraints: c, schema: got.schema, partitionColumns: [],
    });
    const rows = [];
    let token = null;
    let splitCount = 0;
    do {
      const splits = await call({
        ...base('GetSplitsRequest'), tableName, partitions: layout.partitions, partitionColumns: [],
        constraints: c, continuationToken: token,
      });
      for (const split of splits.splits) {
        splitCount += 1;
        const read = await call({
          ...base('ReadRecordsRequest'), tableName, schema: b64(schemaMessage(projected)), split,
          constraints: c, maxBlockSize: '16000000', maxInlineBlockSize: '5000000',
        });
        assert.equal(read['@type'], 'ReadRecordsResponse');
        if (read.records.records === '') continue;
        const table = decodeBlock(read.records);
        assert.deepEqual(table.schema.fields.map((f) => f.name), columns);
        for (const row of table) {
          rows.push(Object.fromEntries(columns.map((name) => [name, sqlValue(row[name])])));
        }
      }
      token = splits.continuationToken;
    } while (token !== null);

    const sql = `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM sales.orders WHERE ${where}`;
    const expected = JSON.parse((await runCli(['sql', '--format', 'json', sql], env)).stdout).rows;
    assert.ok(expected.length > 0, `no rows for ${where}: the case proves nothing`);
    assert.deepEqual(rows.sort(byId), expected.sort(byId), where);
    counts.push(rows.length);
    assert.ok(splitCount >= 5, `parallel splits: ${splitCount} for 300 keys / 60`);
  }
  // The constraints did filter (the first two cases are strict subsets of the table).
  assert.ok(counts[0] < counts[2] && counts[1] < counts[2], JSON.stringify(counts));
});
