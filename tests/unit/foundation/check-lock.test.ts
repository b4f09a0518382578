/**
 * scripts/check-lock.mjs runs before `npm ci` in CI: a lock out of sync with package.json
 * must fail with a reason a person can act on. Driven as CI drives it, a child process
 * over a directory holding a package.json and a package-lock.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SCRIPT = path.resolve(__dirname, '../../../scripts/check-lock.mjs');
const REPO = path.resolve(__dirname, '../../..');

const pkg = {
  name: 'demo',
  version: '1.0.0',
  dependencies: { zod: '4.4.3' },
  devDependencies: { jest: '30.5.2' },
  peerDependencies: { react: '^18.0.0' },
};

const lockFor = (root: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name: 'demo',
  version: '1.0.0',
  lockfileVersion: 3,
  packages: {
    '': { name: 'demo', version: '1.0.0', ...root },
    'node_modules/zod': { version: '4.4.3' },
    'node_modules/jest': { version: '30.5.2', dev: true },
    'node_modules/react': { version: '18.3.1', peer: true },
    ...extra,
  },
});

const run = (files: { pkg: unknown; lock: unknown }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'check-lock-'));
  try {
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(files.pkg));
    writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(files.lock));
    const result = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const rootOf = (p: typeof pkg) => ({
  dependencies: p.dependencies,
  devDependencies: p.devDependencies,
  peerDependencies: p.peerDependencies,
});

describe('scripts/check-lock.mjs', () => {
  it('passes a lock that agrees with package.json', () => {
    const result = run({ pkg, lock: lockFor(rootOf(pkg)) });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('passes the repository’s own package.json and lock', () => {
    const result = spawnSync(process.execPath, [SCRIPT, REPO], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('names a dependency added to package.json but not to the lock', () => {
    const changed = { ...pkg, dependencies: { ...pkg.dependencies, luxon: '3.7.2' } };
    const result = run({ pkg: changed, lock: lockFor(rootOf(pkg)) });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('dependencies: luxon@3.7.2 is in package.json but not in the lock');
  });

  it('names a spec that differs and a dependency only the lock has', () => {
    const changed = {
      ...pkg,
      devDependencies: {},
      peerDependencies: { react: '^19.0.0' },
    };
    const result = run({ pkg: changed, lock: lockFor(rootOf(pkg)) });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('devDependencies: jest@30.5.2 is in the lock but not in package.json');
    expect(result.stderr).toContain(
      'peerDependencies: react is ^19.0.0 in package.json but ^18.0.0 in the lock',
    );
  });

  it('names a locked root dependency without its own entry, and a pin locked elsewhere', () => {
    const lock = lockFor(rootOf(pkg), { 'node_modules/zod': { version: '4.4.2' } });
    delete (lock.packages as Record<string, unknown>)['node_modules/jest'];
    const result = run({ pkg, lock });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('devDependencies: jest has no locked entry (node_modules/jest)');
    expect(result.stderr).toContain('dependencies: zod is pinned to 4.4.3 but locked at 4.4.2');
  });

  it('names a version bumped in package.json only', () => {
    const result = run({ pkg: { ...pkg, version: '1.1.0' }, lock: lockFor(rootOf(pkg)) });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('version: package.json says 1.1.0, package-lock.json says 1.0.0');
  });

  it('refuses a lock without a root entry', () => {
    const result = run({ pkg, lock: { name: 'demo', lockfileVersion: 1, dependencies: {} } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('package-lock.json has no root entry');
  });
});
