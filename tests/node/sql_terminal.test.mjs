// `larkbase sql` on a terminal: with no query it is an interactive shell, and a
// scan that takes longer than a second shows a progress line on stderr that is
// erased before the result. Off a terminal there is no progress line. The
// terminal is a pseudo-terminal from util-linux `script` (Debian: bsdutils,
// an essential package).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { bin, startEmulator, runCli } from './support.mjs';

let emulator;
let handshake;
let base;
const rows = 2500;  // five pages of 500

before(async () => {
  // 400 ms per call: the five pages take two seconds, so the progress line shows.
  ({ child: emulator, handshake } = await startEmulator(
    ['--demo', '--rows', String(rows), '--latency-ms', '400']));
  base = handshake.bases.find((b) => b.name === 'Sales').app_token;
});

after(() => {
  if (emulator) emulator.kill('SIGTERM');
});

function sqlArgs() {
  return ['sql', '--api-url', handshake.url, '--app-id', handshake.app_id, '--base', `${base}=s`];
}

// Starts `larkbase sql` under a pseudo-terminal. `script -c` runs the command
// through $SHELL; `exec` replaces that shell with larkbase, so Ctrl-C reaches
// larkbase alone. Without it a non-interactive dash (SHELL=/bin/sh, as on CI)
// dies of the SIGINT and `script -e` reports 130.
function spawnOnTerminal() {
  execFileSync('script', ['--version']);  // fails clearly when util-linux is missing
  const command = 'exec ' + [bin, ...sqlArgs()].map((a) => `'${a}'`).join(' ');
  return spawn('script', ['-qfec', command, '/dev/null'], {
    env: { ...process.env, LARK_APP_SECRET: handshake.app_secret, LARK_BASES: '' },
  });
}

// Runs `larkbase sql` under a pseudo-terminal, typing `input`; resolves with
// everything the terminal showed.
function onTerminal(input) {
  const child = spawnOnTerminal();
  let shown = '';
  child.stdout.on('data', (chunk) => { shown += chunk.toString('utf8'); });
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill(); reject(new Error(`no exit; saw: ${shown}`)); },
      60000);
    child.on('exit', () => { clearTimeout(timer); resolve(shown); });
  });
}

test('the shell runs statements, survives an error, and shows then erases progress', async () => {
  const shown = await onTerminal(
    'SELECT count(*) AS n FROM s.orders;\n' +
    'SELECT * FROM s.no_such_table;\n' +
    'SELECT 40 +\n2 AS answer;\n' +
    '.quit\n');
  assert.match(shown, /larkbase> /);
  assert.match(shown, new RegExp(`\\n${rows}\\r?\\n`), 'the count of the first statement');
  assert.match(shown, /error: .*no_such_table/, 'the failed statement is reported');
  assert.match(shown, /\n42\r?\n/, 'a statement over two lines runs after the error');
  const progress = shown.indexOf('reading s.orders: ');
  assert.ok(progress >= 0, `a progress line; saw: ${JSON.stringify(shown)}`);
  assert.ok(shown.indexOf('\r\x1b[K', progress) > progress, 'the progress line is erased');
});

test('off a terminal there is no progress line and the result is the same', async () => {
  const { stdout, stderr } = await runCli(
    [...sqlArgs(), '--format', 'csv', 'SELECT count(*) AS n FROM s.orders'],
    { LARK_APP_SECRET: handshake.app_secret, LARK_BASES: '' });
  assert.equal(stdout, `n\n${rows}\n`);
  assert.doesNotMatch(stderr, /reading/);
});

test('Ctrl-D inside an unfinished statement runs it instead of dropping it', async () => {
  const shown = await onTerminal('SELECT 40 +\n2 AS answer\n\x04');
  assert.match(shown, /end of input: running the unfinished statement/);
  assert.match(shown, /\n42\r?\n/, 'the statement typed before Ctrl-D ran');
});

// Waits until the terminal output matches `pattern`; rejects when the child
// exits first or after 30 s.
function waitFor(child, shown, pattern) {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!pattern.test(shown())) return;
      cleanup();
      resolve();
    };
    const onExit = (code) => {
      cleanup();
      reject(new Error(`the shell exited (${code}) before ${pattern}; saw: ${JSON.stringify(shown())}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${pattern} in 30 s; saw: ${JSON.stringify(shown())}`));
    }, 30000);
    function cleanup() {
      clearTimeout(timer);
      child.stdout.off('data', check);
      child.off('exit', onExit);
    }
    child.stdout.on('data', check);
    child.on('exit', onExit);
    check();
  });
}

test('Ctrl-C while a statement is being typed drops that statement and the shell goes on', async () => {
  // Ctrl-C is typed as the terminal's interrupt character (\x03): the terminal
  // turns it into SIGINT for the shell, as a user's keyboard does. upper() makes
  // results tell apart from the echo of what was typed.
  const child = spawnOnTerminal();
  let shown = '';
  child.stdout.on('data', (chunk) => { shown += chunk.toString('utf8'); });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const seen = () => shown;

  await waitFor(child, seen, /larkbase> $/);
  child.stdin.write("SELECT upper('dropped') AS d\n");
  await waitFor(child, seen, /\.\.\.> $/);  // the shell holds an unfinished statement
  child.stdin.write('\x03');
  await waitFor(child, seen, /\(statement discarded\)\r?\nlarkbase> $/);
  const discarded = shown.length;
  child.stdin.write('\x03');  // at an empty prompt: a new prompt, not the end
  await waitFor(child, () => shown.slice(discarded), /larkbase> $/);
  child.stdin.write("SELECT upper('kept') AS k;\n");
  await waitFor(child, seen, /KEPT/);
  child.stdin.end('.quit\n');
  assert.equal(await exited, 0, `the shell ended normally; saw: ${JSON.stringify(shown)}`);
  assert.doesNotMatch(shown, /DROPPED/, 'the discarded statement never ran');
});

test('a Ctrl-C typed the moment the prompt shows is never lost (25 rounds)', async () => {
  // Each Ctrl-C goes out as soon as the continuation prompt is seen, so it can
  // land before the shell waits for input: the window where a flag checked
  // before read() lost the interrupt and the shell hung until the next line.
  const child = spawnOnTerminal();
  let shown = '';
  child.stdout.on('data', (chunk) => { shown += chunk.toString('utf8'); });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  await waitFor(child, () => shown, /larkbase> $/);
  for (let round = 0; round < 25; ++round) {
    const start = shown.length;
    const since = () => shown.slice(start);
    child.stdin.write(`SELECT upper('round ${round}') AS r\n`);
    await waitFor(child, since, /\.\.\.> $/);
    child.stdin.write('\x03');
    await waitFor(child, since, /\(statement discarded\)\r?\nlarkbase> $/);
  }
  child.stdin.end('.quit\n');
  assert.equal(await exited, 0, `the shell ended normally; saw: ${JSON.stringify(shown)}`);
  assert.doesNotMatch(shown, /ROUND/, 'no discarded statement ran');
});
