/**
 * NLMSG_DONE carries the dump's own result (netlink_dump writes dump_done_errno, an int, after the
 * header): 0 for a complete dump, -errno for one that failed part-way. Both sock_diag readers must
 * report the failure instead of a short table that looks complete.
 */
import { describe, expect, it } from 'vitest';
import { NLMSG_DONE, sockDiagDumpEnd } from './netlink-sock-diag';
import { parseUnixDiagChunk } from './unix-diag';

const EINTR = 4;
const ENOBUFS = 105;

/** A 20-byte NLMSG_DONE (16-byte header + int) in the host's byte order, as the kernel sends it. */
function done(result: number): Uint8Array {
  const bytes = new Uint8Array(20);
  const view = new DataView(bytes.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  view.setUint32(0, 20, little);
  view.setUint16(4, NLMSG_DONE, little);
  view.setUint16(6, 2 /* NLM_F_MULTI */, little);
  view.setInt32(16, result, little);
  return bytes;
}

describe('NLMSG_DONE with the dump result', () => {
  it('a complete dump (0) ends without an error', () => {
    expect(sockDiagDumpEnd(done(0), 20)).toMatchObject({ done: true, errno: null, malformed: 0 });
    expect(parseUnixDiagChunk(done(0), 20)).toMatchObject({ done: true, errno: null, malformed: 0 });
  });

  it('a dump that failed part-way reports its errno (EINTR, ENOBUFS)', () => {
    expect(sockDiagDumpEnd(done(-EINTR), 20)).toMatchObject({ done: true, errno: EINTR });
    expect(parseUnixDiagChunk(done(-ENOBUFS), 20)).toMatchObject({ done: true, errno: ENOBUFS });
  });

  it('an old kernel DONE without the int (16 bytes) is a plain end', () => {
    const short = done(0).slice(0, 16);
    new DataView(short.buffer).setUint32(0, 16, new Uint8Array(new Uint16Array([1]).buffer)[0] === 1);
    expect(sockDiagDumpEnd(short, 16)).toMatchObject({ done: true, errno: null, malformed: 0 });
    expect(parseUnixDiagChunk(short, 16)).toMatchObject({ done: true, errno: null, malformed: 0 });
  });
});
