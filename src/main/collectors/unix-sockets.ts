/**
 * The UNIX-socket collector of a platform, for the app and `serve` (made only
 * when the user turns UNIX sockets on: see engine/unix-rows.ts). Linux reads
 * /proc/net/unix, sock_diag and the fd scan; macOS runs `lsof -U`; Windows
 * has none (its AF_UNIX sockets are not listed by any API NetScope reads).
 */
import type { UnixSocket } from '../../shared/unix-socket';
import { createUnixSocketsCollector } from './linux/unix-sockets';
import { createMacosUnixSocketsCollector } from './macos/unix-sockets';
import type { Collector } from './types';

export function createUnixSocketsCollectorFor(platform: string): Collector<UnixSocket[]> | null {
  if (platform === 'linux') return createUnixSocketsCollector();
  if (platform === 'darwin') return createMacosUnixSocketsCollector();
  return null;
}
