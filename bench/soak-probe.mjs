// Preloaded into the soak's `netscope serve` (node --import): answers the
// harness's samples over the IPC channel with what only the process itself
// knows (V8 heap) next to RSS, descriptors and CPU. It adds no timer and does
// nothing until asked. With --expose-gc it collects garbage first, so the heap
// figure shows what is still referenced, not what is merely not yet collected.
import { readdirSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';

if (typeof process.send === 'function') {
  process.on('message', (message) => {
    if (typeof message === 'object' && message !== null && typeof message.heapSnapshot === 'string') {
      if (typeof globalThis.gc === 'function') globalThis.gc();
      process.send({ heapSnapshot: writeHeapSnapshot(message.heapSnapshot) });
      return;
    }
    if (message !== 'sample') return;
    if (typeof globalThis.gc === 'function') globalThis.gc();
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    process.send({
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
      fds: readdirSync('/proc/self/fd').length,
      cpuMicros: cpu.user + cpu.system,
      at: Date.now(),
    });
  });
  // The harness gone (killed, crashed): the server it started goes too.
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // The IPC channel must not keep the server alive on its own.
  process.channel?.unref();
}
