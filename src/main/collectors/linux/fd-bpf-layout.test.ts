/** The BTF layout finder and the fd record decoder of the BPF fd reader (fd-bpf.ts): real BTF, and broken bytes. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFdRecords, findBpfLayout, RECORD_BYTES } from './fd-bpf-layout';

const VMLINUX = '/sys/kernel/btf/vmlinux';
const hasBtf = process.platform === 'linux' && existsSync(VMLINUX);

/** A BTF blob with the given types (12-byte heads and their tails) and strings. */
function btf(types: number[][], strings: string[]): Uint8Array {
  const typeBytes = types.flat().length * 4;
  const text = Buffer.from(`\0${strings.join('\0')}\0`);
  const bytes = new Uint8Array(24 + typeBytes + text.length);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0xeb9f, true);
  view.setUint8(2, 1);
  view.setUint32(4, 24, true);
  view.setUint32(8, 0, true);
  view.setUint32(12, typeBytes, true);
  view.setUint32(16, typeBytes, true);
  view.setUint32(20, text.length, true);
  types.flat().forEach((word, i) => view.setUint32(24 + i * 4, word, true));
  bytes.set(text, 24 + typeBytes);
  return bytes;
}

/** The offset of `name` in the strings of btf(_, names). */
function at(names: string[], name: string): number {
  return 1 + names.slice(0, names.indexOf(name)).reduce((sum, n) => sum + n.length + 1, 0);
}

const NAMES = [
  'bpf_iter_task_file',
  'file',
  'f_inode',
  'inode',
  'i_mode',
  'i_ino',
  'i_sb',
  'super_block',
  's_magic',
  'task_struct',
  'pid',
  'tgid',
  'int',
];
const STRUCT = 4 << 24;
const FUNC = 12 << 24;
const INT = 1 << 24;

function member(name: string, bits: number): number[] {
  return [at(NAMES, name), 1, bits];
}

/** A small BTF with every type the finder wants: an INT (with its 4-byte tail) first, so that ids are counted. */
function sample(overrides: { inodeIno?: number } = {}): Uint8Array {
  return btf(sampleTypes(overrides), NAMES);
}

function sampleTypes(overrides: { inodeIno?: number } = {}): number[][] {
  return [
    [at(NAMES, 'int'), INT, 4, 32],
    [at(NAMES, 'file'), STRUCT | 1, 184, ...member('f_inode', 32 * 8)],
    [
      at(NAMES, 'inode'),
      STRUCT | 3,
      616,
      ...member('i_mode', 0),
      ...member('i_sb', 40 * 8),
      ...member('i_ino', overrides.inodeIno ?? 64 * 8),
    ],
    [at(NAMES, 'super_block'), STRUCT | 1, 1024, ...member('s_magic', 96 * 8)],
    [at(NAMES, 'task_struct'), STRUCT | 2, 3264, ...member('pid', 1264 * 8), ...member('tgid', 1268 * 8)],
    [at(NAMES, 'bpf_iter_task_file'), FUNC, 0],
  ];
}

describe('findBpfLayout', () => {
  it('finds the target id and the field offsets (ids count every type, tails skipped by kind)', () => {
    expect(findBpfLayout(sample())).toEqual({
      iterTarget: 6,
      fileInode: 32,
      inodeMode: 0,
      inodeIno: 64,
      inodeSb: 40,
      sbMagic: 96,
      taskPid: 1264,
      taskTgid: 1268,
    });
  });

  it('no layout for a field that does not start on a byte, or a missing type', () => {
    expect(findBpfLayout(sample({ inodeIno: 64 * 8 + 3 }))).toBeNull();
    const names = NAMES.filter((name) => name !== 'bpf_iter_task_file');
    expect(findBpfLayout(btf([[at(names, 'int'), INT, 4, 32]], names))).toBeNull();
  });

  it('truncated, corrupted or foreign bytes give null, never an exception', () => {
    const whole = sample();
    for (let length = 0; length < whole.length; length += 7)
      expect(findBpfLayout(whole.subarray(0, length))).toBeNull();
    // A type count that runs past the end, and a member count far beyond the section.
    const long = whole.slice();
    new DataView(long.buffer).setUint32(12, 1 << 30, true);
    expect(findBpfLayout(long)).toBeNull();
    const members = whole.slice();
    new DataView(members.buffer).setUint32(24 + 16 + 4, STRUCT | 0xffff, true);
    expect(() => findBpfLayout(members)).not.toThrow();
    expect(findBpfLayout(new Uint8Array(64).fill(0xff))).toBeNull();
    expect(findBpfLayout(Buffer.from('not btf at all, but long enough to have a header'))).toBeNull();
  });

  it('a type of a kind it does not know (a newer kernel) gives null: its size is unknown, the rest out of step', () => {
    expect(findBpfLayout(sample())).not.toBeNull();
    // The same types after one of kind 20 (no such kind today): read as having no tail, they would still be found.
    expect(findBpfLayout(btf([[0, 20 << 24, 0], ...sampleTypes()], NAMES))).toBeNull();
  });

  it.skipIf(!hasBtf)('this kernel: every field found, and plausible', () => {
    const layout = findBpfLayout(readFileSync(VMLINUX));
    expect(layout).not.toBeNull();
    expect(layout?.iterTarget).toBeGreaterThan(0);
    // tgid follows pid in task_struct, both pid_t.
    expect((layout?.taskTgid ?? 0) - (layout?.taskPid ?? 0)).toBe(4);
  });
});

describe('decodeFdRecords', () => {
  function records(pairs: [number, number][]): Uint8Array {
    const bytes = new Uint8Array(pairs.length * RECORD_BYTES);
    const view = new DataView(bytes.buffer);
    pairs.forEach(([fd, inode], i) => {
      view.setBigUint64(i * RECORD_BYTES, BigInt(fd), true);
      view.setBigUint64(i * RECORD_BYTES + 8, BigInt(inode), true);
    });
    return bytes;
  }

  it('fds and inodes, an inode above 2^32 whole', () => {
    const decoded = decodeFdRecords(
      records([
        [0, 0],
        [3, 2 ** 33 + 5],
        [7, 12345],
      ]),
      48,
    );
    expect([...(decoded?.fds ?? [])]).toEqual([0, 3, 7]);
    expect([...(decoded?.inodes ?? [])]).toEqual([0, 2 ** 33 + 5, 12345]);
  });

  it('a trailing partial record is dropped; a length past the buffer or below zero reads what is there', () => {
    const bytes = records([
      [1, 10],
      [2, 20],
    ]);
    expect([...(decodeFdRecords(bytes, 31)?.fds ?? [])]).toEqual([1]);
    expect([...(decodeFdRecords(bytes, 1000)?.fds ?? [])]).toEqual([1, 2]);
    expect([...(decodeFdRecords(bytes, -5)?.fds ?? [])]).toEqual([]);
    expect([...(decodeFdRecords(bytes.subarray(0, 5), 16)?.fds ?? [])]).toEqual([]);
  });

  it('records out of order (an iterator not bound to one process) give null, not a sorted table', () => {
    const decoded = decodeFdRecords(
      records([
        [9, 90],
        [2, 20],
        [5, 0],
      ]),
      48,
    );
    expect(decoded).toBeNull();
    // Two tables one after the other (fds start again): the same.
    expect(
      decodeFdRecords(
        records([
          [0, 0],
          [3, 30],
          [0, 0],
          [4, 40],
        ]),
        64,
      ),
    ).toBeNull();
  });
});
