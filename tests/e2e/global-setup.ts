// Starts the shared server (the real binary, a throwaway SQLite database) for every spec,
// and stops it when the run ends. The address goes to the workers through the environment.
import { startServer } from './server';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startServer();
  process.env.DXDAY_BASE_URL = server.url;
  return server.stop;
}
