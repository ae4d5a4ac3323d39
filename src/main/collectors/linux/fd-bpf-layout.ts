/**
 * What the BPF fd reader (fd-bpf.ts) needs from the kernel's BTF (/sys/kernel/btf/vmlinux): the type id of the
 * task_file iterator's target, and the offsets of the few struct fields its program reads. Pure functions over
 * bytes, so that they are tested on the real file and on broken ones; any buffer that is not what they expect gives
 * null, never an exception (the reader then stays off and the owner scan reads /proc).
 */

/** The offsets (bytes) of the fields the program reads, and the BTF id of the iterator's target function. */
export interface BpfLayout {
  /** BTF id of the FUNC 'bpf_iter_task_file' (the attach target of a task_file iterator). */
  iterTarget: number;
  fileInode: number;
  inodeMode: number;
  inodeIno: number;
  inodeSb: number;
  sbMagic: number;
  taskPid: number;
  taskTgid: number;
}

const BTF_MAGIC = 0xeb9f;
const KIND_INT = 1;
const KIND_PTR = 2;
const KIND_ARRAY = 3;
const KIND_STRUCT = 4;
const KIND_UNION = 5;
const KIND_ENUM = 6;
const KIND_FWD = 7;
const KIND_TYPEDEF = 8;
const KIND_VOLATILE = 9;
const KIND_CONST = 10;
const KIND_RESTRICT = 11;
const KIND_FUNC = 12;
const KIND_FUNC_PROTO = 13;
const KIND_VAR = 14;
const KIND_DATASEC = 15;
const KIND_FLOAT = 16;
const KIND_DECL_TAG = 17;
const KIND_TYPE_TAG = 18;
const KIND_ENUM64 = 19;

/** The struct fields wanted: struct name -> field -> key of BpfLayout. */
const WANTED: Record<string, Record<string, keyof BpfLayout>> = {
  file: { f_inode: 'fileInode' },
  inode: { i_mode: 'inodeMode', i_ino: 'inodeIno', i_sb: 'inodeSb' },
  super_block: { s_magic: 'sbMagic' },
  task_struct: { pid: 'taskPid', tgid: 'taskTgid' },
};
const ITER_TARGET = 'bpf_iter_task_file';

/** Bytes that each type record carries after its 12-byte head, by kind (vlen: its member count). */
function tailBytes(kind: number, vlen: number): number {
  switch (kind) {
    case KIND_INT:
    case KIND_VAR:
    case KIND_DECL_TAG:
      return 4;
    case KIND_ARRAY:
      return 12;
    case KIND_STRUCT:
    case KIND_UNION:
    case KIND_DATASEC:
    case KIND_ENUM64:
      return vlen * 12;
    case KIND_ENUM:
    case KIND_FUNC_PROTO:
      return vlen * 8;
    case KIND_PTR:
    case KIND_FWD:
    case KIND_TYPEDEF:
    case KIND_VOLATILE:
    case KIND_CONST:
    case KIND_RESTRICT:
    case KIND_FUNC:
    case KIND_FLOAT:
    case KIND_TYPE_TAG:
      return 0;
    default:
      // A kind this code does not know (a newer kernel's): its size is unknown, so every record after it would be
      // read out of step. No layout rather than offsets read from the wrong bytes.
      return -1;
  }
}

/** The BtfLayout in a little-endian BTF blob (the host's: vmlinux BTF is in the host's order), or null. */
export function findBpfLayout(btf: Uint8Array): BpfLayout | null {
  try {
    return findLayout(btf);
  } catch {
    // A RangeError from a truncated or inconsistent buffer: no layout, as for any other mismatch.
    return null;
  }
}

function findLayout(btf: Uint8Array): BpfLayout | null {
  if (btf.length < 24) return null;
  const view = new DataView(btf.buffer, btf.byteOffset, btf.byteLength);
  if (view.getUint16(0, true) !== BTF_MAGIC) return null;
  const headerLength = view.getUint32(4, true);
  const typesStart = headerLength + view.getUint32(8, true);
  const typesEnd = typesStart + view.getUint32(12, true);
  const stringsStart = headerLength + view.getUint32(16, true);
  const stringsEnd = stringsStart + view.getUint32(20, true);
  if (typesEnd > btf.length || stringsEnd > btf.length) return null;
  const strings = Buffer.from(btf.buffer, btf.byteOffset + stringsStart, stringsEnd - stringsStart);
  // BTF strings are deduplicated: each name is at one offset, found once instead of compared per type.
  const offsetOf = (name: string): number => {
    const at = strings.indexOf(`\0${name}\0`);
    return at < 0 ? -1 : at + 1;
  };
  const structs = new Map<number, Map<number, keyof BpfLayout>>();
  for (const [struct, fields] of Object.entries(WANTED)) {
    const byName = new Map<number, keyof BpfLayout>();
    for (const [field, key] of Object.entries(fields)) byName.set(offsetOf(field), key);
    structs.set(offsetOf(struct), byName);
  }
  const target = offsetOf(ITER_TARGET);
  const found: Partial<BpfLayout> = {};
  let id = 1;
  for (let at = typesStart; at < typesEnd; id++) {
    if (at + 12 > typesEnd) return null;
    const nameOffset = view.getUint32(at, true);
    const info = view.getUint32(at + 4, true);
    const kind = (info >>> 24) & 0x1f;
    const vlen = info & 0xffff;
    const bitfields = info >>> 31 === 1;
    if (kind === KIND_FUNC && nameOffset === target && found.iterTarget === undefined) found.iterTarget = id;
    const fields = kind === KIND_STRUCT ? structs.get(nameOffset) : undefined;
    if (fields !== undefined && nameOffset > 0) {
      for (let m = 0; m < vlen; m++) {
        const member = at + 12 + m * 12;
        const key = fields.get(view.getUint32(member, true));
        if (key === undefined || found[key] !== undefined) continue;
        const raw = view.getUint32(member + 8, true);
        const bits = bitfields ? raw & 0xffffff : raw;
        // A field the program loads whole: never a bitfield member.
        if (bits % 8 !== 0 || (bitfields && raw >>> 24 !== 0)) return null;
        found[key] = bits / 8;
      }
    }
    const tail = tailBytes(kind, vlen);
    if (tail < 0) return null;
    at += 12 + tail;
  }
  const layout = found as BpfLayout;
  const keys: (keyof BpfLayout)[] = ['iterTarget', ...Object.values(WANTED).flatMap((fields) => Object.values(fields))];
  return keys.every((key) => typeof layout[key] === 'number') ? layout : null;
}

/** One record of the program's output: the fd (u64) and the sockfs inode it holds, 0 for any other file (u64). */
export const RECORD_BYTES = 16;

/**
 * The records in `bytes[0, length)` as ascending fds and their inodes (a trailing partial record is ignored), or
 * null when the fds do not ascend.
 * WHY null, not sorted: the kernel walks one process's fd table upwards, so fds out of order mean the iterator was
 * not bound to that process (a kernel that took the 16-byte link info but ignored its pid would walk every process,
 * and every socket of the system would be given to one owner). The reader then turns itself off (fd-bpf.ts).
 */
export function decodeFdRecords(bytes: Uint8Array, length: number): { fds: Int32Array; inodes: Float64Array } | null {
  const whole = Math.max(0, Math.min(length, bytes.length));
  const count = Math.floor(whole / RECORD_BYTES);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fds = new Int32Array(count);
  const inodes = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const at = i * RECORD_BYTES;
    fds[i] = view.getUint32(at, true);
    inodes[i] = view.getUint32(at + 8, true) + view.getUint32(at + 12, true) * 2 ** 32;
    if (i > 0 && (fds[i] as number) <= (fds[i - 1] as number)) return null;
  }
  return { fds, inodes };
}
