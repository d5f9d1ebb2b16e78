// Shared by the Node conformance tests: the larkbase binary, the emulator as a
// child process, and running the CLI.
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { createInterface } from 'node:readline';

export const bin = process.env.LARKBASE_BIN;

// Starts `larkbase emulator --port 0 ARGS` and resolves with the child and its
// handshake (the JSON object of its first stdout line).
export function startEmulator(args) {
  assert.ok(bin, 'LARKBASE_BIN is not set: run through ctest');
  const child = spawn(bin, ['emulator', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('no emulator handshake in 60 s')), 60000);
    child.once('exit', (code) => reject(new Error(`emulator exited early with ${code}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, handshake: JSON.parse(line) });
    });
  });
}

// Runs `larkbase ARGS` with extra environment; resolves with stdout and stderr
// (stdout as a Buffer when `binary` is set), rejects with stderr on failure.
export function runCli(args, env, { binary = false } = {}) {
  return new Promise((resolve, reject) => {
    execFile(bin, args,
      { env: { ...process.env, ...env }, maxBuffer: 256 << 20, encoding: binary ? 'buffer' : 'utf8' },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`larkbase ${args.join(' ')} failed: ${stderr}`));
        else resolve({ stdout, stderr });
      });
  });
}

// The {app_token, table_id} of the demo table named `name` in an emulator's handshake.
export function demoTable(handshake, name) {
  for (const base of handshake.bases) {
    const table = base.tables.find((t) => t.name === name);
    if (table) return { app_token: base.app_token, table_id: table.table_id };
  }
  throw new Error(`the demo dataset has no ${name} table`);
}
