/**
 * A git binary for tests that make real repositories in temporary directories (the previous revision of
 * `podls check --previous-ref` and `podls.previous`): whether git runs, and a quiet `git` with a fixed identity.
 */
import { execFileSync } from 'child_process';

/** True when `git --version` runs. */
export function hasGit(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs `git args` in `dir` with a test identity and no signing; throws when git fails. */
export function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'ignore' });
}
