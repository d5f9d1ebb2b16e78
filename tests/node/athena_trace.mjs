// The Athena section of `make demo`: one query's whole federation call sequence,
// run the way Athena runs it — through the official `@aws-sdk/client-lambda`
// against `larkbase athena serve` — over the Lark emulator and the AWS emulator
// (Lark credentials from its Secrets Manager, spill to its S3), printed as a
// readable trace: what each call asked, what it answered, and which Lark calls it
// cost (from the Lambda log tail). Not a test: run by scripts/demo.sh.
// Usage: LARKBASE_BIN=path/to/larkbase node tests/node/athena_trace.mjs
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import {
  Table, Schema, Field, Utf8, Float64, vectorFromArray, tableToIPC, tableFromIPC,
} from 'apache-arrow';
import { bin, startEmulator } from './support.mjs';

const EOS = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
const children = [];
process.on('exit', () => children.forEach((child) => child.kill('SIGTERM')));

function start(args, env) {
  const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`larkbase ${args[0]} exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
  });
}

const lark = await startEmulator(['--demo', '--rows', process.env.DEMO_ROWS ?? '1000']);
children.push(lark.child);
const emu = lark.handshake;
const aws = await start(['aws-emulator', '--port', '0', '--demo',
  '--lark-app-id', emu.app_id, '--lark-app-secret', emu.app_secret], {});
const serve = await start(['athena', 'serve', '--port', '0'], {
  LARK_API_URL: emu.url, LARK_APP_ID: '', LARK_APP_SECRET: '',
  LARK_APP_ID_SECRET_NAME: 'larkbase/lark-app',
  LARK_BASES: emu.bases.map((b) => `${b.app_token}=${b.name.toLowerCase()}`).join(','),
  AWS_ENDPOINT_URL: aws.url, AWS_REGION: aws.region,
  AWS_ACCESS_KEY_ID: aws.access_key_id, AWS_SECRET_ACCESS_KEY: aws.secret_access_key,
  spill_bucket: aws.spill_bucket, ACTIVATE_PARALLEL_SPLIT: 'true', PARALLEL_SPLIT_SIZE: '250',
});

const lambda = new LambdaClient({
  region: 'us-east-1', endpoint: serve.url,
  credentials: { accessKeyId: 'AKIDDEMO', secretAccessKey: 'demo' },
});
const identity = {
  id: 'UNKNOWN', principal: 'UNKNOWN', account: '111122223333', arn: 'arn:aws:iam::111122223333:user/demo',
  tags: {}, groups: [], configOptions: {},
};
const base = (type) => ({ '@type': type, identity, queryId: 'demo-query', catalogName: 'lark' });

async function call(request, asked) {
  const out = await lambda.send(new InvokeCommand({
    FunctionName: 'larkbase', Payload: Buffer.from(JSON.stringify(request)), LogType: 'Tail',
  }));
  const answer = JSON.parse(Buffer.from(out.Payload).toString('utf8'));
  const log = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
  const cost = /lark calls=(\d+) pages=(\d+)/.exec(log);
  const duration = /Duration: ([\d.]+) ms/.exec(log);
  if (out.FunctionError) throw new Error(`${request['@type']} failed: ${answer.errorMessage}`);
  return { answer, line: (said) => console.log(`→ ${request['@type']} ${asked}\n    ← ${said}\n` +
    `      Lark: ${cost ? `${cost[1]} calls, ${cost[2]} pages` : '?'}, ${duration ? duration[1] : '?'} ms`) };
}

const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const schemaMessage = (schema) => {
  const stream = Buffer.from(tableToIPC(new Table(schema), 'stream'));
  return stream.subarray(0, stream.length - EOS.length);
};
function blockOf(type, values) {
  const schema = new Schema([new Field('col1', type, true)]);
  if (values.length === 0) return { aId: 'demo', schema: b64(schemaMessage(schema)), records: '' };
  const stream = Buffer.from(tableToIPC(new Table({ col1: vectorFromArray(values, type) }), 'stream'));
  const head = schemaMessage(schema).length;
  return { aId: 'demo', schema: b64(stream.subarray(0, head)), records: b64(stream.subarray(head, stream.length - 8)) };
}

console.log(`Athena: SELECT order_no, status, amount FROM lark.sales.orders
        WHERE status IN ('Shipped', 'Delivered') AND amount > 20000
(each call below is one Lambda invocation through @aws-sdk/client-lambda)\n`);

const ping = await call({ '@type': 'PingRequest', identity, catalogName: 'lark', queryId: 'demo-query' }, '');
ping.line(`serDeVersion ${ping.answer.serDeVersion}, capabilities ${ping.answer.capabilities}`);
const caps = await call(base('GetDataSourceCapabilitiesRequest'), '');
caps.line(Object.entries(caps.answer.capabilities)
  .map(([name, subs]) => `${name.replace('supports_', '')}: ${subs.map((s) => s.subType).join(', ')}`).join('; '));
const schemas = await call(base('ListSchemasRequest'), '');
schemas.line(`schemas ${schemas.answer.schemas.join(', ')}`);
const tables = await call({ ...base('ListTablesRequest'), schemaName: 'sales', nextToken: null, pageSize: -1 }, 'sales');
tables.line(`tables ${tables.answer.tables.map((t) => t.tableName).join(', ')}`);
const tableName = { schemaName: 'sales', tableName: 'orders' };
const got = await call({ ...base('GetTableRequest'), tableName, queryPassthroughArguments: {} }, 'sales.orders');
const tableSchema = tableFromIPC(Buffer.concat([Buffer.from(got.answer.schema, 'base64'), EOS])).schema;
got.line(`${tableSchema.fields.length} columns (Arrow schema), e.g. ${tableSchema.fields.slice(0, 4)
  .map((f) => `${f.name} ${f.type}`).join(', ')}`);

const constraints = {
  summary: {
    status: { '@type': 'EquatableValueSet', valueBlock: blockOf(new Utf8(), ['Shipped', 'Delivered']),
      whiteList: true, nullAllowed: false },
    amount: { '@type': 'SortedRangeSet', type: { '@type': 'FloatingPoint', precision: 'DOUBLE' },
      ranges: [{ low: { valueBlock: blockOf(new Float64(), [20000]), bound: 'ABOVE', nullValue: false },
        high: { valueBlock: blockOf(new Float64(), []), bound: 'BELOW', nullValue: true } }],
      nullAllowed: false },
  },
  expression: [], orderByClause: [], limit: -1, queryPassthroughArguments: {}, queryPlan: null,
};
const asked = "(status IN ('Shipped','Delivered') AND amount > 20000)";
const layout = await call({
  ...base('GetTableLayoutRequest'), tableName, constraints, schema: got.answer.schema, partitionColumns: [],
}, asked);
layout.line(`${layout.answer.partitions.records === '' ? 0 : 1} partition(s)`);
const splits = [];
let token = null;
do {
  const page = await call({
    ...base('GetSplitsRequest'), tableName, partitions: layout.answer.partitions, partitionColumns: [],
    constraints, continuationToken: token,
  }, token ? `(continuation ${token})` : asked);
  page.line(`${page.answer.splits.length} splits (ranges of $reserved_split_key + the NULL split), ` +
    `spill to s3://${page.answer.splits[0].spillLocation.bucket}/…, AES-GCM key per split`);
  splits.push(...page.answer.splits);
  token = page.answer.continuationToken;
} while (token !== null);

const projection = new Schema(['order_no', 'status', 'amount']
  .map((name) => tableSchema.fields.find((f) => f.name === name)));
let total = 0;
let largest = 0;
let largestRows = -1;
for (const [i, split] of splits.entries()) {
  const read = await call({
    ...base('ReadRecordsRequest'), tableName, schema: b64(schemaMessage(projection)), split, constraints,
    maxBlockSize: '16000000', maxInlineBlockSize: '5000000',
  }, `split ${i + 1}/${splits.length}`);
  const rows = read.answer.records.records === '' ? 0 : tableFromIPC(Buffer.concat([
    Buffer.from(read.answer.records.schema, 'base64'), Buffer.from(read.answer.records.records, 'base64'), EOS])).numRows;
  total += rows;
  if (rows > largestRows) [largest, largestRows] = [i, rows];
  read.line(`${read.answer['@type']}: ${rows} rows inline`);
}
if (largestRows > 0) {
  // Tiny thresholds stand in for a split too large for a Lambda response.
  const spilled = await call({
    ...base('ReadRecordsRequest'), tableName, schema: b64(schemaMessage(projection)), split: splits[largest],
    constraints, maxBlockSize: '64', maxInlineBlockSize: '1',
  }, `split ${largest + 1} again, with maxInlineBlockSize 1 byte (as for a split too large to answer inline)`);
  const first = spilled.answer.remoteBlocks[0];
  spilled.line(`${spilled.answer['@type']}: ${spilled.answer.remoteBlocks.length} AES-GCM encrypted ` +
    `block(s) at s3://${first.bucket}/${first.key.replace(/\.0$/, '.*')}`);
}
console.log(`\n${total} rows in all; Athena would now apply anything it did not push and return them.`);
process.exit(0);
