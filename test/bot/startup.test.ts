import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ['-r', 'tsx/cjs', join(root, 'bot', 'index.ts')], {
    cwd: root,
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

  it('refuses a bad setting with a clear message', () => {
    const result = start({ PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/PORT: /);
  });
});
