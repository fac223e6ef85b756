// Starts the real server binary on a free port with a throwaway SQLite database, and
// stops it when the run ends. The address goes to the workers through the environment.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const binary = process.env.DXDAY_SERVER_BIN;
  if (!binary) throw new Error('DXDAY_SERVER_BIN must name the built server (scripts/test.sh sets it)');
  const dir = mkdtempSync(join(tmpdir(), 'dxday-e2e-'));
  const server = spawn(
    binary,
    ['--listen', '127.0.0.1:0', '--dist', 'dist', '--plans', 'data/plans',
      '--database-url', `sqlite://${join(dir, 'e2e.db')}`],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ADMIN_TOKENS: 'e2e-moderator=e2e-admin-token-0123456789', RATE_LIMIT_PER_MINUTE: '100' } },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const m = seen.match(/listening on (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
  process.env.DXDAY_BASE_URL = url;
  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  };
}
