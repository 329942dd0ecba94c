import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '@cdp/shared';

export interface ServiceProcess extends AsyncDisposable {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Resolves with the exit code when the process ends, for whatever reason. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface SpawnServiceOptions {
  readonly name: string;
  /** TypeScript entry file, relative to the repository root. */
  readonly entry: string;
  readonly env: Record<string, string | undefined>;
  /** The service prints `<readyPrefix> ... <url>` once it listens. */
  readonly readyPrefix: string;
  /** Receives every line the service prints (stdout and stderr). @default discarded */
  readonly onOutput?: (name: string, line: string) => void;
  /** @default 60000 */
  readonly readyTimeoutMs?: number;
}

/**
 * Runs a TypeScript service as its own Node process (through tsx's loader, no build step) and
 * resolves with the URL from its ready line. stop() sends SIGTERM, then SIGKILL after 10 s.
 */
export async function spawnService(options: SpawnServiceOptions): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', options.entry], {
    cwd: REPO_ROOT,
    // The child exits when this pipe closes, so a supervisor that dies, even by SIGKILL, leaves
    // no service behind.
    env: { ...process.env, ...options.env, EXIT_ON_STDIN_EOF: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const recent: string[] = [];
  const remember = (line: string): void => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
    options.onOutput?.(options.name, line);
  };
  createInterface({ input: child.stderr! }).on('line', remember);
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      remember(line);
      if (line.startsWith(`${options.readyPrefix} `)) resolve(line.split(' ').at(-1) ?? '');
    });
    child.once('error', reject);
    void exited.then(() =>
      reject(new Error(`${options.name} exited before it was ready (code ${child.exitCode}). Output:\n${recent.join('\n')}`)),
    );
    setTimeout(
      () => reject(new Error(`${options.name} was not ready within ${options.readyTimeoutMs ?? 60_000} ms.`)),
      options.readyTimeoutMs ?? 60_000,
    ).unref();
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
  return { name: options.name, url, pid: child.pid ?? -1, exited, stop, [Symbol.asyncDispose]: stop };
}

/** A TCP port that was free a moment ago, for servers (like Neo4j) that cannot listen on port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
