// Conformance of spilled reads, checked by independent implementations: the
// connector (`larkbase athena serve`, called with `@aws-sdk/client-lambda`) takes
// its Lark credentials from the AWS emulator's Secrets Manager and spills to its
// S3; the test fetches the objects with `@aws-sdk/client-s3`, decrypts them with
// Node's own AES-256-GCM (ciphertext || 16-byte tag, the split's key and nonce, no
// AAD: athena-protocol.md §6.3), decodes them with apache-arrow, and compares the
// rows with the inline answer of the same split and with `larkbase sql`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createDecipheriv } from 'node:crypto';
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { tableFromIPC } from 'apache-arrow';
import { bin, startEmulator, runCli } from './support.mjs';

const EOS = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

function startChild(args, env) {
  const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    child.once('exit', (code) => reject(new Error(`larkbase ${args[0]} exited early with ${code}`)));
    lines.once('line', (line) => resolve({ child, handshake: JSON.parse(line) }));
  });
}

const { child: lark, handshake: emu } = await startEmulator(['--demo', '--rows', '200']);
const { child: awsChild, handshake: aws } = await startChild(
  ['aws-emulator', '--port', '0', '--demo', '--lark-app-id', emu.app_id, '--lark-app-secret', emu.app_secret], {});
const larkEnv = {
  LARK_API_URL: emu.url,
  LARK_BASES: emu.bases.map((b) => `${b.app_token}=${b.name.toLowerCase()}`).join(','),
  LARK_RATE_LIMIT: '1000',
};
const awsEnv = {
  AWS_ENDPOINT_URL: aws.url, AWS_REGION: aws.region,
  AWS_ACCESS_KEY_ID: aws.access_key_id, AWS_SECRET_ACCESS_KEY: aws.secret_access_key,
};
const servers = {};
for (const encryption of ['on', 'off']) {
  servers[encryption] = await startChild(['athena', 'serve', '--port', '0'], {
    ...larkEnv, ...awsEnv,
    LARK_APP_ID: '', LARK_APP_SECRET: '',  // credentials only from the secret
    LARK_APP_ID_SECRET_NAME: 'larkbase/lark-app',
    spill_bucket: aws.spill_bucket, spill_prefix: 'node-spill',
    disable_spill_encryption: encryption === 'off' ? 'true' : 'false',
  });
}
after(() => {
  for (const { child } of Object.values(servers)) child.kill('SIGTERM');
  awsChild.kill('SIGTERM');
  lark.kill('SIGTERM');
});

const credentials = { accessKeyId: aws.access_key_id, secretAccessKey: aws.secret_access_key };
const s3 = new S3Client({ region: aws.region, endpoint: aws.url, forcePathStyle: true, credentials });

const identity = {
  id: 'UNKNOWN', principal: 'UNKNOWN', account: '1', arn: 'a', tags: {}, groups: [], configOptions: {},
};
const base = (type) => ({ '@type': type, identity, queryId: 'q-spill', catalogName: 'lark' });
const tableName = { schemaName: 'sales', tableName: 'orders' };
const constraints = {
  summary: {}, expression: [], orderByClause: [], limit: -1, queryPassthroughArguments: {}, queryPlan: null,
};

function lambdaFor(url) {
  const client = new LambdaClient({ region: 'us-east-1', endpoint: url, credentials });
  return async (request) => {
    const out = await client.send(new InvokeCommand({
      FunctionName: 'lark', Payload: Buffer.from(JSON.stringify(request)),
    }));
    const payload = JSON.parse(Buffer.from(out.Payload).toString('utf8'));
    assert.equal(out.FunctionError, undefined, JSON.stringify(payload));
    return payload;
  };
}

// Rows as plain objects; the id, text, number and boolean columns compared.
const columns = ['$reserved_record_id', 'order_no', 'status', 'amount', 'paid'];
const plainRows = (table) => Array.from(table, (row) => Object.fromEntries(columns.map((c) => {
  const v = row[c];
  return [c, typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null)];
})));
const byId = (a, b) => (a.$reserved_record_id < b.$reserved_record_id ? -1 : 1);

for (const encryption of ['on', 'off']) {
  test(`spilled blocks (encryption ${encryption}) hold exactly the inline rows`, async () => {
    const call = lambdaFor(servers[encryption].handshake.url);
    const got = await call({ ...base('GetTableRequest'), tableName, queryPassthroughArguments: {} });
    const layout = await call({
      ...base('GetTableLayoutRequest'), tableName, constraints, schema: got.schema, partitionColumns: [],
    });
    const { splits } = await call({
      ...base('GetSplitsRequest'), tableName, partitions: layout.partitions, partitionColumns: [],
      constraints, continuationToken: null,
    });
    assert.equal(splits.length, 1);
    const split = splits[0];
    assert.equal(split.encryptionKey === null, encryption === 'off');
    const read = (inline, block) => call({
      ...base('ReadRecordsRequest'), tableName, schema: got.schema, split, constraints,
      maxBlockSize: block, maxInlineBlockSize: inline,
    });

    const inline = await read('16000000', '16000000');
    assert.equal(inline['@type'], 'ReadRecordsResponse');
    const expected = plainRows(tableFromIPC(Buffer.concat([
      Buffer.from(inline.records.schema, 'base64'), Buffer.from(inline.records.records, 'base64'), EOS])));
    assert.equal(expected.length, 200);

    const remote = await read('1000', '20000');
    assert.equal(remote['@type'], 'RemoteReadRecordsResponse');
    assert.ok(remote.remoteBlocks.length >= 2, `${remote.remoteBlocks.length} blocks`);
    const messages = [Buffer.from(remote.schema, 'base64')];
    for (const location of remote.remoteBlocks) {
      assert.equal(location.bucket, aws.spill_bucket);
      assert.ok(location.key.startsWith('node-spill/q-spill/'), location.key);
      const object = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
      let bytes = Buffer.from(await object.Body.transformToByteArray());
      if (encryption === 'on') {
        const key = Buffer.from(remote.encryptionKey.key, 'base64');
        const nonce = Buffer.from(remote.encryptionKey.nonce, 'base64');
        assert.equal(key.length, 32);
        assert.equal(nonce.length, 12);
        const decipher = createDecipheriv('aes-256-gcm', key, nonce);
        decipher.setAuthTag(bytes.subarray(bytes.length - 16));
        bytes = Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]);
      } else {
        assert.equal(remote.encryptionKey, null);
      }
      // Legacy framing: a 4-byte metadata length, no 0xFFFFFFFF continuation marker.
      assert.notEqual(bytes.readInt32LE(0), -1);
      messages.push(bytes);
    }
    const spilled = plainRows(tableFromIPC(Buffer.concat([...messages, EOS])));
    assert.deepEqual(spilled, expected);

    const sql = `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM sales.orders`;
    const viaSql = JSON.parse((await runCli(['sql', '--format', 'json', sql], {
      ...larkEnv, LARK_APP_ID: emu.app_id, LARK_APP_SECRET: emu.app_secret,
    })).stdout).rows;
    assert.deepEqual([...spilled].sort(byId), viaSql.sort(byId));
  });
}
