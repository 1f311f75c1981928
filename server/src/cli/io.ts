/**
 * The CLI's window on the outside world. `main(argv, io)` writes and reads only through it, so tests
 * capture output and feed files without touching the real process (STYLE.md §5, CLI boundary).
 */
import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as os from 'os';

/** What the CLI may do besides computing: print, read files and standard input. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a file as bytes; throws the fs error (ENOENT, EACCES, EISDIR) on failure. */
  readFile(path: string): Uint8Array;
  /** Reads all of standard input as UTF-8 text. */
  readStdin(): Promise<string>;
  /** Lists a directory's entries (names only); throws the fs error on failure. */
  readDir(path: string): readonly { name: string; isDirectory: boolean; isFile: boolean }[];
  /** True when the path exists and is a directory. */
  isDirectory(path: string): boolean;
  /** The podls bundle, when the CLI runs from it: `podls check` may start it as worker threads. */
  readonly workerScript?: string;
  /** Cores this process may use (`os.availableParallelism()`): the default of `podls check --jobs`. */
  readonly parallelism?: number;
  /**
   * Runs a program without a shell and waits for it (`podls check --kustomize` runs `kubectl kustomize DIR`).
   * `error` is set when it could not start (ENOENT: not on the PATH); `status` is its exit code.
   */
  runProgram?(command: string, args: readonly string[]): { readonly status: number | null; readonly stdout: string; readonly stderr: string; readonly error?: string };
}

/**
 * The real process: stdout/stderr streams, the file system and stdin. `workerScript`: the running bundle's path
 * (`__filename` of out/dist/podls.js), for `podls check`'s worker threads.
 */
export function processIo(workerScript?: string): CliIo {
  return {
    ...(workerScript !== undefined ? { workerScript } : {}),
    parallelism: os.availableParallelism(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => fs.readFileSync(path),
    readStdin: () =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
        process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        process.stdin.on('error', reject);
      }),
    readDir: (path) =>
      fs.readdirSync(path, { withFileTypes: true }).map((e) => ({ name: e.name, isDirectory: e.isDirectory(), isFile: e.isFile() })),
    runProgram: (command, args) => {
      const r = childProcess.spawnSync(command, [...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
      return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ...(r.error !== undefined ? { error: r.error.message } : {}) };
    },
    isDirectory: (path) => {
      try {
        return fs.statSync(path).isDirectory();
      } catch {
        return false;
      }
    },
  };
}
