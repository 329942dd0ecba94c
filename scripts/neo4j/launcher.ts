import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const POM = join(HERE, 'pom.xml');
const SOURCE = join(HERE, 'src/main/java/cdp/LocalNeo4j.java');
const TARGET = join(HERE, 'target');
const CLASSES = join(TARGET, 'classes');
const CLASSPATH_FILE = join(TARGET, 'classpath.txt');

/**
 * Flags Neo4j's own launcher passes on Java 17 (it reaches into JDK internals for off-heap I/O),
 * and a pause goal for G1: by default it grew the young generation to 600 MB and stopped the
 * database for 50-70 ms to collect it, each time a tail of every request in flight.
 */
/** The local Neo4j's memory unless told otherwise, in MiB: enough for tests and a small seed. */
export const DEFAULT_HEAP_MB = 1024;
export const DEFAULT_PAGECACHE_MB = 256;

export const NEO4J_JVM_FLAGS: readonly string[] = [
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.lang.invoke=ALL-UNNAMED',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED',
  '--add-opens=java.base/java.net=ALL-UNNAMED',
  '--add-exports=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:+ExitOnOutOfMemoryError',
];

export interface LocalNeo4jOptions {
  /** Data folder; survives restarts. */
  readonly home: string;
  /** Bolt port on 127.0.0.1. @default 7687 */
  readonly port?: number;
  /** JVM heap. @default 1024 */
  readonly heapMb?: number;
  /** Page cache. @default 256 */
  readonly pageCacheMb?: number;
  /** Transaction log rotation size. @default 16 */
  readonly txLogMb?: number;
  /** Where Neo4j's own output goes besides the ready line. @default discarded */
  readonly onOutput?: (line: string) => void;
  /** @default 180000 */
  readonly readyTimeoutMs?: number;
}

export interface LocalNeo4j extends AsyncDisposable {
  readonly uri: string;
  readonly pid: number;
  /** Milliseconds from spawning java to the ready line. */
  readonly startupMs: number;
  stop(): Promise<void>;
}

function newerThan(target: string, sources: readonly string[]): boolean {
  if (!existsSync(target)) return false;
  const built = statSync(target).mtimeMs;
  return sources.every((source) => statSync(source).mtimeMs <= built);
}

/**
 * Builds the launcher and resolves Neo4j's classpath with Maven, only when the pom or the source
 * changed: the second start reuses Maven's local cache and the compiled classes.
 */
export function ensureLauncherBuilt(log: (line: string) => void = () => {}): string {
  const classFile = join(CLASSES, 'cdp/LocalNeo4j.class');
  if (!newerThan(CLASSPATH_FILE, [POM]) || !newerThan(classFile, [POM, SOURCE])) {
    log('building the local Neo4j launcher with Maven (first run downloads Neo4j from Maven Central)');
    const result = spawnSync(
      'mvn',
      ['-B', '-q', '-f', POM, 'compile', 'dependency:build-classpath', `-Dmdep.outputFile=${CLASSPATH_FILE}`],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (result.error) throw new Error(`Could not run Maven (mvn): ${result.error.message}. Install Maven and Java 17.`);
    if (result.status !== 0) throw new Error(`Maven failed with exit code ${result.status} building ${POM}.`);
  }
  return `${CLASSES}:${readFileSync(CLASSPATH_FILE, 'utf8').trim()}`;
}

/**
 * Starts Neo4j 5.26 Community on 127.0.0.1 from Maven Central artifacts and resolves once Bolt
 * answers. The JVM watches its stdin, so it also stops if this process dies without cleaning up.
 */
export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const classpath = ensureLauncherBuilt(options.onOutput);
  mkdirSync(options.home, { recursive: true });
  const port = options.port ?? 7687;
  const started = Date.now();
  const child: ChildProcess = spawn(
    'java',
    [
      `-Xms${options.heapMb ?? DEFAULT_HEAP_MB}m`,
      `-Xmx${options.heapMb ?? DEFAULT_HEAP_MB}m`,
      ...NEO4J_JVM_FLAGS,
      '-cp',
      classpath,
      'cdp.LocalNeo4j',
      '--home',
      options.home,
      '--port',
      String(port),
      '--pagecache-mb',
      String(options.pageCacheMb ?? DEFAULT_PAGECACHE_MB),
      '--tx-log-mb',
      String(options.txLogMb ?? 16),
      '--exit-on-stdin-eof',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const output: string[] = [];
  const onLine = (line: string): void => {
    output.push(line);
    if (output.length > 50) output.shift();
    options.onOutput?.(line);
  };
  createInterface({ input: child.stderr! }).on('line', onLine);
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      onLine(line);
      if (line.startsWith('NEO4J_READY ')) resolve();
    });
    child.once('error', reject);
    void exited.then((code) =>
      reject(new Error(`Neo4j exited with code ${code} before it was ready. Last output:\n${output.join('\n')}`)),
    );
    setTimeout(
      () => reject(new Error(`Neo4j was not ready within ${options.readyTimeoutMs ?? 180_000} ms.`)),
      options.readyTimeoutMs ?? 180_000,
    ).unref();
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    uri: `bolt://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    startupMs: Date.now() - started,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
