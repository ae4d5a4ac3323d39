/**
 * `ps -o pid=,uid=,lstart=,user=,comm=,args=` at the edges: lstart's five tokens, where comm ends
 * and args begins (argv[0] as the full path, a shorter path, a renamed process), missing fields.
 */
import { describe, expect, it } from 'vitest';
import { parseLstart, parsePsLine } from './ps';

const START = 'Mon Nov 25 10:11:12 2024';

describe('parseLstart', () => {
  it('reads local time, one-digit hours and days included', () => {
    expect(parseLstart('Tue Jan  2 3:04:05 2024'.split(/\s+/))).toBe(new Date(2024, 0, 2, 3, 4, 5).getTime());
    expect(parseLstart('Sun Dec 31 23:59:59 1999'.split(' '))).toBe(new Date(1999, 11, 31, 23, 59, 59).getTime());
  });

  it('is null for an unknown month, a bad day, year or time, or a date past what Date can hold', () => {
    for (const text of [
      'Mon Foo 25 10:11:12 2024',
      'Mon nov 25 10:11:12 2024',
      'Mon Nov x 10:11:12 2024',
      'Mon Nov 25 10:11:12 x',
      'Mon Nov 25 10:11 2024',
      'Mon Nov 25 10:1:12 2024',
      'Mon Nov 25 100:11:12 2024',
      'Mon Nov 25 10:11:12x 2024',
      'Mon Nov 25 x10:11:12 2024',
      'Mon Nov 25 10:11:12 999999999',
      'Mon Nov 25',
    ]) {
      expect(parseLstart(text.split(' ')), text).toBeNull();
    }
  });
});

describe('parsePsLine', () => {
  it('splits comm from args where argv[0] names the program by a shorter path', () => {
    expect(parsePsLine(`  4242   501 ${START} alice /usr/local/bin/node node server.js --port 80`)).toMatchObject({
      pid: 4242,
      name: 'node',
      exePath: '/usr/local/bin/node',
      commandLine: 'node server.js --port 80',
    });
    expect(parsePsLine(`  4243   501 ${START} alice /usr/local/bin/node ./bin/node x`)).toMatchObject({
      exePath: '/usr/local/bin/node',
      commandLine: './bin/node x',
    });
  });

  it('cuts at the first space when args renames the process (sshd: alice)', () => {
    expect(parsePsLine(`812 0 ${START} root /usr/sbin/sshd sshd: alice@pts/0`)).toMatchObject({
      name: 'sshd',
      exePath: '/usr/sbin/sshd',
      commandLine: 'sshd: alice@pts/0',
      user: 'root',
      uid: 0,
    });
  });

  it('reads args equal to comm, a comm that is not a path, and a line with no comm', () => {
    expect(parsePsLine(`1 0 ${START} root /sbin/launchd /sbin/launchd`)).toMatchObject({
      name: 'launchd',
      exePath: '/sbin/launchd',
      commandLine: '/sbin/launchd',
    });
    expect(parsePsLine(`2 0 ${START} root kernel_task`)).toMatchObject({
      name: 'kernel_task',
      exePath: null,
      commandLine: 'kernel_task',
    });
    expect(parsePsLine(`3 0 ${START} root`)).toMatchObject({
      pid: 3,
      name: null,
      exePath: null,
      commandLine: null,
      user: 'root',
    });
  });

  it('keeps a path ending in a slash nameless but keeps the path', () => {
    expect(parsePsLine(`5 0 ${START} root /opt/odd/ /opt/odd/ -x`)).toMatchObject({ name: null, exePath: '/opt/odd/' });
  });

  it('reads the first non-empty line of the output', () => {
    expect(parsePsLine(`\n   \n  9 ${START} daemon /usr/sbin/x /usr/sbin/x\n10 ${START} other y`)).toMatchObject({
      pid: 9,
      uid: null,
      user: 'daemon',
    });
  });

  it('is null without a pid, a start time or a user', () => {
    expect(parsePsLine('   \n\n')).toBeNull();
    expect(parsePsLine(`x 0 ${START} root /bin/x`)).toBeNull();
    expect(parsePsLine(`1 0 Mon Nov 25 10:11:12`)).toBeNull();
    expect(parsePsLine(`1 0 ${START}`)).toBeNull();
  });
});

describe('parsePsLine: where comm ends when it holds spaces', () => {
  it('finds comm by argv[0] naming it by a shorter path, past the spaces of the path', () => {
    const line = `77 501 ${START} alice /Applications/Visual Studio Code.app/Contents/MacOS/Electron Electron --inspect`;
    expect(parsePsLine(line)).toMatchObject({
      name: 'Electron',
      exePath: '/Applications/Visual Studio Code.app/Contents/MacOS/Electron',
      commandLine: 'Electron --inspect',
    });
  });

  it('finds comm repeated in args even when ps padded the comm column', () => {
    const app = '/Applications/My App.app/Contents/MacOS/My App';
    expect(parsePsLine(`78 501 ${START} alice ${app}     ${app} -psn_0_1`)).toMatchObject({
      name: 'My App',
      exePath: app,
      commandLine: `${app} -psn_0_1`,
    });
    expect(parsePsLine(`79 501 ${START} alice /usr/bin/x     y z`)).toMatchObject({
      exePath: '/usr/bin/x',
      commandLine: 'y z',
    });
  });

  it('does not take a path ending in a slash for a program name', () => {
    const line = `80 0 ${START} root /opt/a dir/ tool/ -v`;
    expect(parsePsLine(line)).toMatchObject({ exePath: '/opt/a', commandLine: 'dir/ tool/ -v' });
  });
});
