/**
 * A newcomer on an old Node: every npm script that runs the TypeScript tools first runs
 * content/check-node.cjs, which refuses a Node older than package.json's engines in one line that says what
 * to install. The old-Node cases need an old Node: Debian's /usr/bin/node (20) on these machines.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runNode } from './helpers.ts';

const OLD_NODE = '/usr/bin/node';
const oldNodeVersion = existsSync(OLD_NODE) ? await version(OLD_NODE) : undefined;
const haveOldNode = oldNodeVersion !== undefined && Number(oldNodeVersion.split('.')[0]!.slice(1)) < 22;
const engines = (JSON.parse(readFileSync(`${PROJECT_ROOT}package.json`, 'utf8')) as { engines: { node: string } }).engines.node;

function version(node: string): Promise<string> {
  return new Promise((resolve, reject) => execFile(node, ['--version'], (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))));
}

/** Runs a command with only the system's bin folders on PATH, so `node` is the old one. */
function runWithSystemPath(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: PROJECT_ROOT, env: { PATH: '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('the Node version check', () => {
  it('says nothing and lets the command run on the Node the tests run on', async () => {
    const run = await runNode(['content/check-node.cjs']);

    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('runs before every script that needs a new Node', () => {
    const scripts = (JSON.parse(readFileSync(`${PROJECT_ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
    const needing = Object.entries(scripts).filter(([, command]) => command.includes('--experimental-strip-types'));

    expect(needing.map(([name]) => name)).toEqual(expect.arrayContaining(['start', 'build', 'content:build']));
    for (const [name, command] of needing) expect(command, name).toMatch(/^node content\/check-node\.cjs && /);
    for (const name of ['prepare', 'test']) expect(scripts[name], name).toMatch(/^node content\/check-node\.cjs && /);
  });

  it.skipIf(!haveOldNode)(`refuses ${oldNodeVersion ?? 'an old Node'} in one line naming the Node needed and how to get it`, async () => {
    const run = await runWithSystemPath(OLD_NODE, ['content/check-node.cjs']);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `khabar needs Node.js ${engines}, this is ${oldNodeVersion}: run \`nvm install\` in this folder (it reads .nvmrc), or get Node 24 from https://nodejs.org/ (see "Two commands" in README.md)\n`,
    );
  });

  it.skipIf(!haveOldNode || !existsSync('/usr/bin/npm'))("stops `npm install`'s prepare step with that line, not `bad option: --experimental-strip-types`", async () => {
    const run = await runWithSystemPath('/usr/bin/npm', ['run', 'prepare']);

    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`khabar needs Node.js ${engines}, this is ${oldNodeVersion}`);
    expect(run.stderr + run.stdout).not.toContain('bad option');
  });
});
