// Makes out/dist/podls-main.js.cache, the V8 code cache the `podls` executable (out/dist/podls.js, see
// server/src/cli/start.ts) starts the bundle with: runs the server once over stdio on the examples (initialize, open
// every example, a hover and a completion, shutdown), so that the cache holds what start-up, parsing, analysis and
// those requests compile. Runs after scripts/build.mjs (`npm run build`). The cache is an optimisation: when this run
// fails, the build goes on without it (and says so).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const cache = 'out/dist/podls-main.js.cache';
const examples = fs
  .readdirSync('examples')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => path.resolve('examples', f));

fs.rmSync(cache, { force: true });
const server = spawn(process.execPath, ['out/dist/podls.js', 'serve', '--stdio'], { env: { ...process.env, PODLS_CODE_CACHE: 'write' }, stdio: ['pipe', 'pipe', 'inherit'] });
const timer = setTimeout(() => {
  process.stderr.write('code-cache: the warm-up run did not finish within 60 s; no code cache\n');
  server.kill('SIGKILL');
}, 60_000);

let buffer = Buffer.alloc(0);
let nextId = 0;
const answers = new Map();
const published = new Set();
const send = (message) => {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  if (server.exitCode === null && !server.killed) server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
};
const request = (method, params) =>
  new Promise((resolve) => {
    const id = ++nextId;
    answers.set(id, resolve);
    send({ id, method, params });
  });
server.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())?.[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
    buffer = buffer.subarray(end + 4 + length);
    if (message.method === undefined && answers.has(message.id)) answers.get(message.id)(message);
    else if (message.method === 'textDocument/publishDiagnostics') published.add(message.params.uri);
    else if (message.id !== undefined) send({ id: message.id, result: message.method === 'workspace/configuration' ? [{}] : null });
  }
});
const exited = new Promise((resolve) => server.on('exit', (status) => resolve(status)));
server.stdin.on('error', () => undefined);

/** The warm-up: requests answered in order, or the server's exit (a crash, the timeout) first. */
async function warmUp() {
  await request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  send({ method: 'initialized', params: {} });
  for (const file of examples) {
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri: pathToFileURL(file).href, languageId: 'yaml', version: 1, text: fs.readFileSync(file, 'utf8') } } });
  }
  while (examples.some((f) => !published.has(pathToFileURL(f).href)) && server.exitCode === null) await new Promise((r) => setTimeout(r, 20));
  const first = pathToFileURL(examples[0]).href;
  await request('textDocument/hover', { textDocument: { uri: first }, position: { line: 0, character: 2 } });
  await request('textDocument/completion', { textDocument: { uri: first }, position: { line: 1, character: 0 } });
  await request('shutdown', null);
  send({ method: 'exit', params: null });
}

let code;
try {
  code = await Promise.race([warmUp().then(() => exited), exited]);
} catch (error) {
  process.stderr.write(`code-cache: ${error instanceof Error ? error.message : String(error)}\n`);
  server.kill('SIGKILL');
}
clearTimeout(timer);
if (code === 0 && fs.existsSync(cache)) process.stdout.write(`code-cache: ${cache} (${Math.round(fs.statSync(cache).size / 1024)} KB)\n`);
else {
  fs.rmSync(cache, { force: true });
  process.stderr.write(`code-cache: the warm-up run ended with ${code ?? 'an error'}; no code cache (podls starts a little slower)\n`);
}
