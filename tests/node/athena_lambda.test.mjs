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
  Table, Schema, Field, Utf8, Float64, Int32, Bool, vectorFromArray, tableToIPC, tableFromIPC,
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
// Value sets and expressions, their blocks written by apache-arrow.
const equatable = (type, values, whiteList, nullAllowed) => ({
  '@type': 'EquatableValueSet', valueBlock: blockOf(col1(type), values), whiteList, nullAllowed,
});
const DOUBLE = { '@type': 'FloatingPoint', precision: 'DOUBLE' };
const marker = (value, bound) => ({
  valueBlock: blockOf(col1(new Float64()), value === null ? [] : [value]), bound, nullValue: value === null,
});
// One range of a DOUBLE column: low/high null = unbounded.
const doubleRange = (low, lowBound, high, highBound, nullAllowed) => ({
  '@type': 'SortedRangeSet', type: DOUBLE,
  ranges: [{ low: marker(low, low === null ? 'ABOVE' : lowBound), high: marker(high, high === null ? 'BELOW' : highBound) }],
  nullAllowed,
});
const likePattern = (column, pattern) => ({
  '@type': 'FunctionCallExpression', type: { '@type': 'Bool' },
  functionName: { functionName: '$like_pattern' },
  arguments: [
    { '@type': 'VariableExpression', columnName: column, type: { '@type': 'Utf8' } },
    { '@type': 'ConstantExpression', valueBlock: blockOf(col1(new Utf8()), [pattern]), type: { '@type': 'Utf8' } },
  ],
});
// Federation expressions (athena-protocol.md §5.3), the constants written by apache-arrow.
const UTF8 = { '@type': 'Utf8' };
const BOOL = { '@type': 'Bool' };
const fn = (name, args) => ({
  '@type': 'FunctionCallExpression', type: BOOL, functionName: { functionName: name }, arguments: args,
});
const variable = (columnName, type) => ({ '@type': 'VariableExpression', columnName, type });
const constant = (arrowType, type, values) => ({
  '@type': 'ConstantExpression', valueBlock: blockOf(col1(arrowType), values), type,
});
const textIs = (column, value) => fn('$equal', [variable(column, UTF8), constant(new Utf8(), UTF8, [value])]);
const doubleOp = (name, column, value) =>
  fn(name, [variable(column, DOUBLE), constant(new Float64(), DOUBLE, [value])]);
const constraints = (summary, { expression = [], orderByClause = [], limit = -1 } = {}) => ({
  summary, expression, orderByClause, limit, queryPassthroughArguments: {}, queryPlan: null,
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

test('the log tail (LogType Tail) reports the Lark calls of an invocation', async () => {
  const tail = async (request) => {
    const out = await lambda.send(new InvokeCommand({
      FunctionName: 'larkbase-athena', Payload: Buffer.from(JSON.stringify(request)), LogType: 'Tail',
    }));
    return Buffer.from(out.LogResult, 'base64').toString('utf8');
  };
  assert.match(await tail({ '@type': 'PingRequest', identity, catalogName: 'lark', queryId: 'q' }),
    /lark calls=0 pages=0/);
  const got = await tail({ ...base('GetTableRequest'), tableName: { schemaName: 'sales', tableName: 'products' },
    queryPassthroughArguments: {} });
  assert.match(got, /lark calls=[1-9]\d* /);
  assert.match(got, /REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms/);
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
  // Each case: the constraints Athena would send, and the same query in SQL.
  const cases = [
    { c: constraints({ status: equatable(new Utf8(), ['Delivered', 'Shipped'], true, false),
                       amount: doubleRange(500, 'ABOVE', null, null, false) }),
      where: "status IN ('Delivered', 'Shipped') AND amount > 500" },
    { c: constraints({ amount: doubleRange(2000, 'ABOVE', null, null, true) }),
      where: 'amount > 2000 OR amount IS NULL' },
    { c: constraints({ status: equatable(new Utf8(), ['Delivered', 'Cancelled'], false, true) }),
      where: "status NOT IN ('Delivered', 'Cancelled') OR status IS NULL" },
    { c: constraints({ quantity: doubleRange(10, 'EXACTLY', 30, 'EXACTLY', false) }),
      where: 'quantity BETWEEN 10 AND 30' },
    { c: constraints({ quantity: doubleRange(null, null, 20, 'BELOW', true) }),
      where: 'quantity < 20 OR quantity IS NULL' },
    { c: constraints({ satisfaction: equatable(new Int32(), [4, 5], true, false),
                       paid: equatable(new Bool(), [true], true, false) }),
      where: 'satisfaction IN (4, 5) AND paid = 1' },
    { c: constraints({}, { expression: [likePattern('order_no', 'SO-0001%')] }),
      where: "order_no LIKE 'SO-0001%'" },
    { c: constraints({ amount: doubleRange(100, 'EXACTLY', null, null, false) },
                     { orderByClause: [{ columnName: 'amount', direction: 'DESC_NULLS_LAST' }], limit: 5 }),
      where: 'amount >= 100 ORDER BY amount DESC LIMIT 5' },
    // ORs across columns: one `or` group at Lark, and an OR with an AND inside
    // (left to the reader) next to a LIKE branch.
    { c: constraints({}, { expression: [fn('$or', [textIs('status', 'Cancelled'),
                                                  doubleOp('$greater_than', 'amount', 2000)])] }),
      where: "status = 'Cancelled' OR amount > 2000", orPushed: ['Status', 'Amount'] },
    { c: constraints({}, { expression: [fn('$or', [
        fn('$and', [textIs('status', 'Delivered'),
                    fn('$equal', [variable('paid', BOOL), constant(new Bool(), BOOL, [true])])]),
        doubleOp('$less_than', 'quantity', 5),
        likePattern('order_no', 'SO-0001%')])] }),
      where: "(status = 'Delivered' AND paid = 1) OR quantity < 5 OR order_no LIKE 'SO-0001%'" },
    // NOT, carried to the leaves: NOT LIKE (the reader's), NOT of an OR.
    { c: constraints({}, { expression: [fn('$not', [likePattern('order_no', 'SO-0001%')])] }),
      where: "order_no NOT LIKE 'SO-0001%'" },
    { c: constraints({}, { expression: [fn('$not', [fn('$or', [textIs('status', 'Delivered'),
                                                             doubleOp('$less_than', 'amount', 500)])])] }),
      where: "NOT (status = 'Delivered' OR amount < 500)" },
    { c: constraints({}), where: '1 = 1' },
  ];
  const counts = [];
  for (const { c, where, orPushed } of cases) {
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
        if (orPushed) {
          // The request each split sends Lark: the OR as one `or` group over both fields.
          const filter = JSON.parse(split.properties.larkbase_split).query.filter;
          const group = (filter.children ?? []).find((child) =>
            orPushed.every((field) => child.conditions.some((cond) => cond.field_name === field)));
          assert.ok(group && group.conjunction === 'or', JSON.stringify(filter));
        }
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
    // Parallel splits (ranges of about 60 matching rows; NULL keys ride with the first)
    // unless a LIMIT makes one split the better plan; the whole table: 300 rows.
    const minimum = where === '1 = 1' ? 4 : expected.length > 120 ? 2 : 1;
    assert.ok(c.limit >= 0 ? splitCount === 1 : splitCount >= minimum, `${splitCount} splits for ${where}`);
  }
  // The constraints did filter (every case but the last is a strict subset of the table).
  const whole = counts[counts.length - 1];
  assert.ok(counts.slice(0, -1).every((n) => n < whole), JSON.stringify(counts));
});
