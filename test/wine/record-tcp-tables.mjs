/**
 * Run UNDER WINE with the Windows node.exe (like record-mib-tables.mjs): opens a listening socket on ::1 and one
 * connection to it, then writes GetTcp6Table2's raw bytes to <outDir>/tcp6table2.bin (the IPv6 table: a handful
 * of rows, where the IPv4 one holds every socket of the machine) and prints the test's ports, so the offload-state
 * decoder can be tested on what a real iphlpapi.dll returned. Also says which EStats calls the DLL exports.
 *   node.exe record-tcp-tables.mjs <outDir>
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import koffi from 'koffi';

const outDir = process.argv[2];
const lib = koffi.load('iphlpapi.dll');
const server = net.createServer(() => undefined).listen(0, '::1');
await new Promise((resolve) => server.once('listening', resolve));
const client = net.connect(server.address().port, '::1');
await new Promise((resolve) => client.once('connect', resolve));

const table2 = lib.func('uint32 __stdcall GetTcp6Table2(_Out_ uint8_t *t, _Inout_ uint32_t *size, int order)');
const size = [0];
table2(null, size, 0);
const buffer = new Uint8Array(size[0] + 4096);
size[0] = buffer.length;
const status = table2(buffer, size, 0);
const count = new DataView(buffer.buffer).getUint32(0, true);
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'tcp6table2.bin'), buffer.subarray(0, 4 + count * 60));
console.log(`GetTcp6Table2: status ${status}, ${count} rows`);
console.log(`listening [::1]:${server.address().port}, client [::1]:${client.localPort}`);
for (const name of ['GetPerTcpConnectionEStats', 'SetPerTcpConnectionEStats', 'GetPerTcp6ConnectionEStats']) {
  try {
    lib.func(`uint32 __stdcall ${name}(void *row, int type)`);
    console.log(`${name}: exported`);
  } catch {
    console.log(`${name}: not exported`);
  }
}
client.destroy();
server.close();
