// Asks the bundled server which LSP capabilities it has, by playing `initialize` over stdio.
// The e2e run uses this to tell "podls has no quick fixes yet" (skip) from "quick fixes are broken" (fail).
import { spawn } from 'node:child_process';

/**
 * Frames one JSON-RPC message with a Content-Length header.
 * @param {object} msg
 */
function frame(msg) {
  const body = Buffer.from(JSON.stringify(msg), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/**
 * Starts `node <serverJs> serve --stdio --clientProcessId=<pid>`, sends `initialize` with a VS Code-like client capability set,
 * returns the server's `capabilities`, then shuts it down. Never waits more than `timeoutMs`.
 * @param {string} serverJs
 * @param {number} [timeoutMs]
 * @returns {Promise<Record<string, unknown>>}
 */
export function probeServerCapabilities(serverJs, timeoutMs = 15000) {
  return new Promise((resolve, reject) => {
    // The same arguments vscode-languageclient passes for TransportKind.stdio.
    const child = spawn(process.execPath, [serverJs, 'serve', '--stdio', `--clientProcessId=${process.pid}`], { stdio: ['pipe', 'pipe', 'pipe'] });
    let buf = Buffer.alloc(0);
    let stderr = '';
    let done = false;
    const finish = (err, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        child.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
        child.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
      } catch {
        // the server is gone already
      }
      setTimeout(() => child.kill('SIGKILL'), 1000).unref();
      if (err) reject(err);
      else resolve(value);
    };
    const timer = setTimeout(() => finish(new Error(`no initialize answer from ${serverJs} within ${timeoutMs} ms; stderr: ${stderr.slice(-500)}`)), timeoutMs);
    child.on('error', (e) => finish(e));
    child.on('exit', (code) => finish(new Error(`${serverJs} exited with ${code} before answering initialize; stderr: ${stderr.slice(-500)}`)));
    child.stderr.on('data', (d) => { stderr += d.toString(); });
    child.stdout.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const headerEnd = buf.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const m = /Content-Length: *(\d+)/i.exec(buf.subarray(0, headerEnd).toString('ascii'));
        if (!m) return finish(new Error('bad LSP header from server'));
        const len = Number(m[1]);
        if (buf.length < headerEnd + 4 + len) return;
        const msg = JSON.parse(buf.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8'));
        buf = buf.subarray(headerEnd + 4 + len);
        if (msg.id === 1) {
          if (msg.error) return finish(new Error(`initialize failed: ${msg.error.message}`));
          return finish(null, msg.result?.capabilities ?? {});
        }
      }
    });
    child.stdin.write(frame({
      jsonrpc: '2.0', id: 1, method: 'initialize',
      params: {
        processId: process.pid, rootUri: null, workspaceFolders: null,
        capabilities: {
          textDocument: {
            hover: { contentFormat: ['markdown', 'plaintext'] },
            completion: { completionItem: { snippetSupport: true } },
            codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } }, dataSupport: true, resolveSupport: { properties: ['edit'] } },
            publishDiagnostics: { relatedInformation: true },
            diagnostic: { dynamicRegistration: false },
          },
          workspace: { configuration: true, workspaceFolders: true },
        },
        // As client/src/client.ts sends them: the server offers the lifecycle code lens only to a client that asks.
        initializationOptions: { workspaceTrusted: true, lifecycleCodeLens: true },
      },
    }));
  });
}
