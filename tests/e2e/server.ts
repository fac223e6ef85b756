// Starts the real server binary on a free port (or on `listen`, to start it again where it
// was) with a throwaway SQLite database. Used by global-setup for the shared server, and by
// specs that need a server of their own (another build folder, other plans, a sub-path,
// another frame-ancestors list, a deployment).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  url: string;
  stop: () => Promise<void>;
}

export async function startServer(
  options: { dist?: string; plans?: string; env?: Record<string, string>; listen?: string } = {},
): Promise<RunningServer> {
  const binary = process.env.DXDAY_SERVER_BIN;
  if (!binary) throw new Error('DXDAY_SERVER_BIN must name the built server (scripts/test.sh sets it)');
  const dir = mkdtempSync(join(tmpdir(), 'dxday-e2e-'));
  const server: ChildProcess = spawn(
    binary,
    ['--listen', options.listen ?? '127.0.0.1:0', '--dist', options.dist ?? 'dist', '--plans', options.plans ?? 'data/plans',
      '--database-url', `sqlite://${join(dir, 'e2e.db')}`],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        ADMIN_TOKENS: 'e2e-moderator=e2e-admin-token-0123456789',
        RATE_LIMIT_PER_MINUTE: '100',
        RATE_LIMIT_BURST: '100',
        ...options.env,
      },
    },
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
  return {
    url,
    stop: async () => {
      if (server.exitCode === null) {
        server.kill('SIGTERM');
        await new Promise((r) => server.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
