/** Both fd readers (libc through koffi, node:fs) on real fd directories: the same fds, the same socket inodes. */
import { mkdirSync, mkdtempSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFdLinks, LibcFdLinks, NodeFdLinks, parseFdNumber, socketInodeOfText, type FdLinks } from './fd-links';

const onLinux = process.platform === 'linux';

function listed(links: FdLinks, dir: string): { fds: number[]; inodes: number[] } {
  const handle = links.open(dir);
  if (typeof handle === 'string') throw new Error(`cannot open ${dir}: ${handle}`);
  try {
    const count = links.list(handle);
    const fds = [...links.fds.subarray(0, count)].sort((a, b) => a - b);
    return { fds, inodes: fds.map((fd) => links.socketInode(handle, fd)) };
  } finally {
    links.close(handle);
  }
}

describe('socket link text', () => {
  it('reads the inode of socket:[n] only', () => {
    expect(socketInodeOfText('socket:[12345]')).toBe(12345);
    expect(socketInodeOfText('socket:[]')).toBe(0);
    expect(socketInodeOfText('socket:[12a]')).toBe(0);
    expect(socketInodeOfText('socket:[12')).toBe(0);
    expect(socketInodeOfText('pipe:[12]')).toBe(0);
    expect(socketInodeOfText('/dev/null')).toBe(0);
  });

  it('takes fd numbers, not dot entries or other names', () => {
    expect(parseFdNumber('0')).toBe(0);
    expect(parseFdNumber('4096')).toBe(4096);
    expect(parseFdNumber('.')).toBe(-1);
    expect(parseFdNumber('..')).toBe(-1);
    expect(parseFdNumber('')).toBe(-1);
    expect(parseFdNumber('12x')).toBe(-1);
    expect(parseFdNumber('1234567890')).toBe(-1);
  });
});

describe.skipIf(!onLinux)('fd readers', () => {
  let server: Server;
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('libc loads here (koffi is a dependency), and NETSCOPE_FD_LINKS=node asks for node:fs', () => {
    expect(createFdLinks().kind).toBe('libc');
    process.env.NETSCOPE_FD_LINKS = 'node';
    try {
      expect(createFdLinks().kind).toBe('node');
    } finally {
      delete process.env.NETSCOPE_FD_LINKS;
    }
  });

  it('list this process: the same fds and socket inodes as readlink, our listening socket among them', () => {
    const dir = `/proc/${process.pid}/fd`;
    const libc = listed(new LibcFdLinks(), dir);
    const node = listed(new NodeFdLinks(), dir);
    // Each reader's own open directory fd shows up in its listing only; compare the fds both saw.
    const common = libc.fds.filter((fd) => node.fds.includes(fd));
    expect(common.length).toBeGreaterThan(3);
    const expected = common.map((fd) => {
      try {
        return socketInodeOfText(readlinkSync(`${dir}/${fd}`));
      } catch {
        return 0;
      }
    });
    expect(common.map((fd) => libc.inodes[libc.fds.indexOf(fd)])).toEqual(expected);
    expect(common.map((fd) => node.inodes[node.fds.indexOf(fd)])).toEqual(expected);
    expect(expected.filter((inode) => inode > 0).length).toBeGreaterThan(0);
  });

  describe('on a fake fd directory', () => {
    let root = '';
    beforeEach(() => {
      root = mkdtempSync(path.join(tmpdir(), 'netscope-fd-links-'));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it.each([
      ['libc', () => new LibcFdLinks()],
      ['node', () => new NodeFdLinks()],
    ])('%s: socket links give inodes, anything else 0, other names are skipped', (_, make) => {
      const dir = path.join(root, 'fd');
      mkdirSync(dir);
      symlinkSync('socket:[4242]', path.join(dir, '3'));
      symlinkSync('/dev/null', path.join(dir, '0'));
      symlinkSync('socket:[]', path.join(dir, '7'));
      symlinkSync('socket:[99x]', path.join(dir, '8'));
      symlinkSync(`socket:[${'9'.repeat(70)}]`, path.join(dir, '9'));
      symlinkSync('socket:[1]', path.join(dir, 'name'));
      mkdirSync(path.join(dir, '12345678901'));
      const links = make();
      expect(listed(links, dir)).toEqual({ fds: [0, 3, 7, 8, 9], inodes: [0, 4242, 0, 0, 0] });
      const handle = links.open(dir) as number;
      // An fd that is not (or no longer) there.
      expect(links.socketInode(handle, 5)).toBe(0);
      links.close(handle);
      expect(links.open(path.join(root, 'gone'))).toBe('ENOENT');
    });

    it.each([
      ['libc', () => new LibcFdLinks()],
      ['node', () => new NodeFdLinks()],
    ])('%s: a directory bigger than one read buffer is listed whole', (_, make) => {
      const dir = path.join(root, 'fd');
      mkdirSync(dir);
      // ~30 bytes an entry: 4000 entries take two 64 KiB getdents64 reads, and the fd array grows past 1024.
      for (let fd = 0; fd < 4000; fd++) symlinkSync(`socket:[${100000 + fd}]`, path.join(dir, String(fd)));
      const { fds, inodes } = listed(make(), dir);
      expect(fds).toEqual(Array.from({ length: 4000 }, (_, i) => i));
      expect(inodes).toEqual(fds.map((fd) => 100000 + fd));
    });
  });
});
