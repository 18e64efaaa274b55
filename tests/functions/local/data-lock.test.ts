import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFolderInUseError, LOCK_FILE, lockDataFolder } from '../../../functions/local/data-lock.js';

const folder = () => mkdtempSync(join(tmpdir(), 'plans-lock-'));
const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));

describe('the data folder lock', () => {
  it('when the folder is free, then the lock names this process, records its DynamoDB Local, and is gone once released', async () => {
    const dir = folder();
    const lock = await lockDataFolder(dir, join(dir, 'dynamodb'));
    expect(lockOf(dir)).toMatchObject({ pid: process.pid, dynamoPid: null });
    lock.recordDynamoDb(4242);
    expect(lockOf(dir)).toMatchObject({ pid: process.pid, dynamoPid: 4242 });
    lock.release();
    await expect(lockDataFolder(dir, join(dir, 'dynamodb'))).resolves.toBeDefined();
  });

  it('when a live plans serve holds it, then it is refused in words that name the pid', async () => {
    const dir = folder();
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'serve'], {
      stdio: 'ignore',
    });
    try {
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: other.pid, dynamoPid: null, startedAt: '' }));
      const refused = await lockDataFolder(dir, join(dir, 'dynamodb')).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DataFolderInUseError);
      expect((refused as Error).message).toBe(
        `${dir} is in use by another plans serve (pid ${other.pid}): stop it, or pass another --data`,
      );
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('when the server that held it is gone (or the lock is unreadable), then the lock is taken over', async () => {
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((done) => dead.once('exit', done));
    for (const left of [JSON.stringify({ pid: dead.pid, dynamoPid: dead.pid, startedAt: '' }), '{"pi']) {
      const dir = folder();
      writeFileSync(join(dir, LOCK_FILE), left);
      await lockDataFolder(dir, join(dir, 'dynamodb'));
      expect(lockOf(dir).pid).toBe(process.pid);
    }
  });
});
