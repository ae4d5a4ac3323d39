/**
 * The built CLI's `netscope -r`, `-e`, `-i`, `-s` path (src/main/cli/platform.ts -> collectors/linux/tables-only.ts)
 * loads none of the socket engines' code: the chunks it requires, followed through every `require("./x.js")`, hold no
 * sock_diag dump, owner scan or worker lane. WHY on the build: what a command loads is the bundle's chunk graph, which
 * the sources' imports only suggest (a value import through a shared module drags a whole chunk in). Needs
 * `npm run build` (npm test does it).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const cliDir = resolve(__dirname, '..', 'out', 'cli');
const socketEngineSources = [
  'src/main/collectors/linux/proc-diag-job.ts',
  'src/main/collectors/linux/proc-owner-jobs.ts',
  'src/main/collectors/linux/worker-lane.ts',
  'src/main/collectors/linux/connections.ts',
];

/** The chunk named `prefix-<hash>.js` of the build. */
function chunk(prefix: string): string {
  const name = readdirSync(cliDir).find((f) => f.startsWith(`${prefix}-`) && f.endsWith('.js'));
  if (!name) throw new Error(`no ${prefix}-*.js in ${cliDir}: was the CLI built?`);
  return name;
}

/** The source files bundled into `entry` and every chunk it requires, as rolldown's `// src/...` comments name them. */
function sourcesLoadedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const sources = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(cliDir, file), 'utf8');
    for (const m of text.matchAll(/^\/\/ (src\/\S+\.ts)$/gm)) sources.add(m[1] as string);
    for (const m of text.matchAll(/require\("\.\/([^"]+\.js)"\)/g)) visit(m[1] as string);
  };
  visit(entry);
  return sources;
}

describe('the built CLI without sockets', () => {
  beforeAll(() => {
    if (!existsSync(join(cliDir, 'index.js'))) throw new Error(`${cliDir} is not built: run \`npm run build\` first`);
  });

  it('loads the routes, interface and statistics readers and none of the socket engines', () => {
    const loaded = sourcesLoadedBy(chunk('tables-only'));
    expect(loaded).toContain('src/main/collectors/linux/routes.ts');
    expect(loaded).toContain('src/main/collectors/linux/protocol-stats.ts');
    for (const source of socketEngineSources) expect(loaded, source).not.toContain(source);
  });

  it('finds those engines in the full Linux set, so the check above can see them', () => {
    const loaded = sourcesLoadedBy(chunk('linux'));
    for (const source of socketEngineSources) expect(loaded, source).toContain(source);
  });
});
