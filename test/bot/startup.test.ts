import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Runs the entry point in a folder of its own, so a developer's .env never leaks in. */
function start(env: Record<string, string>, dotEnv?: string) {
  const cwd = mkdtempSync(join(tmpdir(), 'start-'));
  if (dotEnv !== undefined) writeFileSync(join(cwd, '.env'), dotEnv);
  return spawnSync(process.execPath, ['-r', require.resolve('tsx/cjs'), join(root, 'bot', 'index.ts')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('start-up', () => {
  it('refuses to start in production without credentials, saying why', () => {
    const result = start({ NODE_ENV: 'production' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('MicrosoftAppId: is required when NODE_ENV=production');
    expect(result.stderr).toContain('ALLOWED_TENANT_IDS');
  });

  it('reads a .env file when there is one, the environment winning (issue 29)', () => {
    const fromFile = start({}, 'PORT=eighty\n');
    expect(fromFile.status).toBe(1);
    expect(fromFile.stderr).toMatch(/PORT: /);
    const overridden = start({ PORT: 'ninety' }, 'PORT=eighty\n');
    expect(overridden.stderr).toMatch(/PORT: .*/);
    expect(overridden.stderr).not.toContain('eighty');
  });

  it('refuses a bad setting with a clear message', () => {
    const result = start({ PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/PORT: /);
  });
});
