// The official AWS SDK for JavaScript v3, unmodified, against `larkbase aws-emulator`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { S3Client, PutObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, HeadBucketCommand } from '@aws-sdk/client-s3';
import { GlueClient, GetDatabasesCommand, CreateTableCommand, GetTableCommand, GetTablesCommand } from '@aws-sdk/client-glue';
import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { AthenaClient, GetQueryExecutionCommand } from '@aws-sdk/client-athena';
import { bin } from './support.mjs';

function startAwsEmulator(args) {
  const child = spawn(bin, ['aws-emulator', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    child.once('exit', (code) => reject(new Error(`aws-emulator exited early with ${code}`)));
    lines.once('line', (line) => resolve({ child, handshake: JSON.parse(line) }));
  });
}

const { child, handshake } = await startAwsEmulator(['--demo', '--query-execution', 'q-1=SELECT 1']);
after(() => child.kill('SIGTERM'));
const common = {
  region: handshake.region,
  endpoint: handshake.url,
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
};

test('S3: put, get, list, head bucket', async () => {
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  await s3.send(new HeadBucketCommand({ Bucket: handshake.spill_bucket }));
  await s3.send(new PutObjectCommand({ Bucket: handshake.spill_bucket, Key: 'sdk/a.txt', Body: 'hello sdk' }));
  const got = await s3.send(new GetObjectCommand({ Bucket: handshake.spill_bucket, Key: 'sdk/a.txt' }));
  assert.equal(await got.Body.transformToString(), 'hello sdk');
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: handshake.spill_bucket, Prefix: 'sdk/' }));
  assert.deepEqual(listed.Contents.map((o) => o.Key), ['sdk/a.txt']);
  await assert.rejects(s3.send(new GetObjectCommand({ Bucket: handshake.spill_bucket, Key: 'nope' })),
    (e) => e.name === 'NoSuchKey');
});

// A valid Date within a minute of now (S3 times are whole seconds).
function assertRecent(date, what) {
  assert.ok(date instanceof Date, `${what} is not a Date`);
  assert.ok(!Number.isNaN(date.getTime()), `${what} is an invalid Date`);
  assert.ok(Math.abs(date.getTime() - Date.now()) < 60_000, `${what} ${date.toISOString()} is not now`);
}

test('S3: LastModified is an HTTP date on GetObject/HeadObject and ISO 8601 in ListObjectsV2', async () => {
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  await s3.send(new PutObjectCommand({ Bucket: handshake.spill_bucket, Key: 'sdk/time.txt', Body: 'tick' }));
  const got = await s3.send(new GetObjectCommand({ Bucket: handshake.spill_bucket, Key: 'sdk/time.txt' }));
  await got.Body.transformToString();
  assertRecent(got.LastModified, 'GetObject LastModified');
  const head = await s3.send(new HeadObjectCommand({ Bucket: handshake.spill_bucket, Key: 'sdk/time.txt' }));
  assertRecent(head.LastModified, 'HeadObject LastModified');
  assert.equal(head.ContentLength, 4);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: handshake.spill_bucket, Prefix: 'sdk/time' }));
  assertRecent(listed.Contents[0].LastModified, 'ListObjectsV2 LastModified');
  assert.equal(listed.Contents[0].LastModified.getTime(), head.LastModified.getTime());
});

test('Glue: databases, create and read a table, not found', async () => {
  const glue = new GlueClient(common);
  const dbs = await glue.send(new GetDatabasesCommand({}));
  assert.ok(dbs.DatabaseList.some((d) => d.Name === 'sales' && d.LocationUri.startsWith('lark-base-flag/')));
  await glue.send(new CreateTableCommand({ DatabaseName: 'sales', TableInput: {
    Name: 'Orders', Parameters: { classification: 'lark-base-flag' },
    StorageDescriptor: { Columns: [{ Name: 'id', Type: 'string', Comment: 'LarkBaseFieldId=f1' }] } } }));
  const table = await glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'orders' }));
  assert.equal(table.Table.StorageDescriptor.Columns[0].Comment, 'LarkBaseFieldId=f1');
  assert.ok(table.Table.CreateTime instanceof Date);
  const tables = await glue.send(new GetTablesCommand({ DatabaseName: 'sales' }));
  assert.equal(tables.TableList.length, 1);
  await assert.rejects(glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'missing' })),
    (e) => e.name === 'EntityNotFoundException');
});

test('Secrets Manager, STS and Athena', async () => {
  const sm = new SecretsManagerClient(common);
  const secret = await sm.send(new GetSecretValueCommand({ SecretId: 'larkbase/lark-app' }));
  assert.equal(JSON.parse(secret.SecretString).lark_app_id, 'cli_emulator');
  await assert.rejects(sm.send(new GetSecretValueCommand({ SecretId: 'missing' })),
    (e) => e.name === 'ResourceNotFoundException');
  const sts = new STSClient(common);
  assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, handshake.account_id);
  const athena = new AthenaClient(common);
  const q = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: 'q-1' }));
  assert.equal(q.QueryExecution.Query, 'SELECT 1');
});
