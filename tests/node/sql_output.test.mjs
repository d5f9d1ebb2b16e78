// `larkbase sql` output: formats stream (rows reach stdout before the read ends, and
// a read that fails after rows were written exits non-zero with the JSON or Arrow
// output visibly unfinished), and the value/name edge cases of each format, read
// back with JSON.parse and the apache-arrow reader.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { tableFromIPC, Type } from 'apache-arrow';
import { bin, startEmulator, runCli } from './support.mjs';

let emulator;
let env;

function envOf(h) {
  const base = h.bases.find((b) => b.name === 'Sales').app_token;
  return { LARK_API_URL: h.url, LARK_APP_ID: h.app_id, LARK_APP_SECRET: h.app_secret,
    LARK_BASES: `${base}=sales`, ACTIVATE_LARK_BASE_SOURCE: 'false', LARK_MAX_ATTEMPTS: '1' };
}

before(async () => {
  const started = await startEmulator(['--demo', '--rows', '600']);
  emulator = started.child;
  env = envOf(started.handshake);
});

after(() => { if (emulator) emulator.kill('SIGTERM'); });

// Runs larkbase and resolves with {code, stdout (Buffer), stderr} whatever the exit.
function runRaw(args, extraEnv) {
  return new Promise((resolve) => {
    execFile(bin, args, { env: { ...process.env, ...extraEnv }, encoding: 'buffer',
      maxBuffer: 256 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr: stderr.toString('utf8') });
    });
  });
}

// Starts a full scan of a slow emulator, kills the emulator once the first output
// bytes arrived, and resolves with what the CLI wrote and its exit code.
async function killedMidScan(format) {
  const slow = await startEmulator(['--demo', '--rows', '20000', '--latency-ms', '150']);
  const child = spawn(bin, ['sql', '--format', format, 'SELECT * FROM sales.orders'],
    { env: { ...process.env, ...envOf(slow.handshake) } });
  const chunks = [];
  let stderr = '';
  let killed = false;
  child.stderr.on('data', (c) => { stderr += c.toString('utf8'); });
  child.stdout.on('data', (c) => {
    chunks.push(c);
    if (!killed) { killed = true; slow.child.kill('SIGKILL'); }
  });
  const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c)));
  if (!killed) slow.child.kill('SIGKILL');
  return { code, stdout: Buffer.concat(chunks), stderr, killed };
}

for (const format of ['json', 'arrow', 'csv']) {
  test(`--format ${format} streams, and a read failing mid-scan leaves it unfinished`, async () => {
    const { code, stdout, stderr, killed } = await killedMidScan(format);
    assert.ok(killed, 'rows reached stdout while the scan was still reading');
    assert.notEqual(code, 0, `exit code; stderr: ${stderr}`);
    assert.match(stderr, /larkbase: .*error/);
    assert.ok(stdout.length > 0);
    if (format === 'json') {
      assert.throws(() => JSON.parse(stdout.toString('utf8')), 'an unclosed JSON document');
    }
    if (format === 'arrow') {
      const tail = stdout.subarray(stdout.length - 8);
      assert.notDeepEqual([...tail], [255, 255, 255, 255, 0, 0, 0, 0], 'no end-of-stream marker');
    }
  });
}

test('json and ndjson keep duplicate names, in column order', async () => {
  const sql = 'SELECT 1 AS a, 2 AS a, 3 AS A, 4 AS "a:1"';
  const json = JSON.parse((await runCli(['sql', '--format', 'json', sql], env)).stdout);
  assert.deepEqual(json.columns, ['a', 'a:2', 'A', 'a:1']);
  assert.deepEqual(Object.entries(json.rows[0]), [['a', 1], ['a:2', 2], ['A', 3], ['a:1', 4]]);
  const nd = (await runCli(['sql', '--format', 'ndjson', sql], env)).stdout;
  assert.equal(nd, '{"a":1,"a:2":2,"A":3,"a:1":4}\n');
  const join = `SELECT o."$reserved_record_id", c."$reserved_record_id" FROM sales.orders o
    JOIN sales.customers c ON c."$reserved_record_id" = json_extract(o.customer, '$[0].record_id')
    LIMIT 3`;
  for (const line of (await runCli(['sql', '--format', 'ndjson', join], env)).stdout.trim().split('\n')) {
    const keys = Object.keys(JSON.parse(line));
    assert.deepEqual(keys, ['$reserved_record_id', '$reserved_record_id:1']);
  }
});

test('a NUL character does not cut a row in csv, table or markdown', async () => {
  const sql = "SELECT 'a'||char(0)||'b' AS s, 'after' AS z";
  const csv = (await runRaw(['sql', '--format', 'csv', sql], env)).stdout;
  assert.deepEqual(csv, Buffer.from('s,z\na\0b,after\n', 'binary'));
  const table = (await runRaw(['sql', sql], env)).stdout.toString('utf8');
  assert.match(table, /a\\x00b\s+after/);
  const md = (await runRaw(['sql', '--format', 'markdown', sql], env)).stdout.toString('utf8');
  assert.match(md, /\| a\\x00b \| after \|/);
});

test('BLOBs: base64 in json, Binary in Arrow; Infinity survives Arrow', async () => {
  const sql = "SELECT x'00ff10' AS b, 1e999 AS inf, -1e999 AS ninf";
  const json = JSON.parse((await runCli(['sql', '--format', 'json', sql], env)).stdout);
  assert.deepEqual(json.rows[0], { b: 'AP8Q', inf: 'Infinity', ninf: '-Infinity' });
  const arrow = await runCli(['sql', '--format', 'arrow', sql], env, { binary: true });
  const table = tableFromIPC(arrow.stdout);
  assert.equal(table.schema.fields[0].type.typeId, Type.Binary);
  assert.deepEqual([...table.get(0).b], [0, 255, 16]);
  assert.equal(table.get(0).inf, Infinity);
  assert.equal(table.get(0).ninf, -Infinity);
});

test('table output escapes control characters and does not cut names', async () => {
  const long = 'a_column_name_that_is_longer_than_forty_characters_in_all';
  const sql = `SELECT 'x'||char(27)||'[31mred' AS s, 1 AS ${long}`;
  const out = (await runCli(['sql', sql], env)).stdout;
  assert.ok(!out.includes('\x1b'), 'no raw ESC reaches the terminal');
  assert.match(out, /x\\x1b\[31mred/);
  assert.ok(out.includes(long));
});

test('usage errors exit 2', async () => {
  for (const args of [['sql', '--bogus'], ['sql', '--format', 'xml', 'SELECT 1'], [],
    ['lark', 'search', '--base', 'b', '--table', 't', '--limit', 'abc']]) {
    const { code } = await runRaw(args, env);
    assert.equal(code, 2, `larkbase ${args.join(' ')}`);
  }
});

test('writes to a Lark schema are refused and the session goes on', async () => {
  const { code, stderr } = await runRaw(['sql', '--format', 'csv',
    'SELECT count(*) FROM sales.orders; DROP TABLE sales.orders'], env);
  assert.equal(code, 2);
  assert.match(stderr, /read-only/);
  const { stdout } = await runCli(['sql', '--format', 'csv',
    'CREATE TEMP TABLE t AS SELECT order_no FROM sales.orders LIMIT 2; SELECT count(*) AS n FROM t'],
  env);
  assert.equal(stdout, 'n\n2\n');
});
