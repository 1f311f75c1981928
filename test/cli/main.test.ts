/** `podls` itself: --version names the schema's Kubernetes version; no command is a usage error. */
import * as assert from 'assert';
import { main } from '../../server/src/cli/main';
import { capturedIo } from '../harness/cli-io';

describe('podls (main)', () => {
  it('prints its version and the Kubernetes version of the bundled schema', async () => {
    const io = capturedIo();
    assert.strictEqual(await main(['--version'], io), 0);
    assert.match(io.stdoutText(), /^podls \d+\.\d+\.\d+ \(schema: Kubernetes (1\.\d+|unknown), /);
  });

  it('prints help and exits 2 without a command', async () => {
    const io = capturedIo();
    assert.strictEqual(await main([], io), 2);
    assert.match(io.stderrText(), /Usage: podls/);
  });
});
