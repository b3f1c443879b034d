/** The server's Node flags (server/nodeFlags.ts) are in every npm script that starts it, before the script itself. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../../server/nodeFlags';

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;

it('every npm script that starts server/main.ts passes the server flags to Node', () => {
  const starting = Object.entries(scripts).filter(([, command]) => command.includes('server/main.ts'));
  expect(starting.map(([name]) => name).sort()).toEqual(['demo', 'server', 'web']);
  for (const [name, command] of starting) {
    const run = /tsx ((?:--\S+ )*)server\/main\.ts/.exec(command);
    expect(run, name).not.toBeNull();
    expect(run![1]!.trim().split(' '), name).toEqual([...SERVER_NODE_FLAGS]);
  }
});
