/**
 * Run UNDER WINE with the Windows node.exe (see test/wine/wine-env.ts): calls the IP Helper table functions the
 * Windows collectors use and writes each table's raw bytes to <outDir>/<name>.bin, so the pure decoders can be
 * tested on what a real iphlpapi.dll returned. Not part of the product; a recording tool.
 *   node.exe record-mib-tables.mjs <outDir>
 */
import fs from 'node:fs';
import path from 'node:path';
import koffi from 'koffi';

const outDir = process.argv[2];
const lib = koffi.load('iphlpapi.dll');
const free = lib.func('void __stdcall FreeMibTable(void *Memory)');
const AF_UNSPEC = 0;
const tables = [
  ['forward2', 'uint32 __stdcall GetIpForwardTable2(uint16 Family, _Out_ void **Table)', 104, true],
  ['ipinterface', 'uint32 __stdcall GetIpInterfaceTable(uint16 Family, _Out_ void **Table)', 168, true],
  ['unicast', 'uint32 __stdcall GetUnicastIpAddressTable(uint16 Family, _Out_ void **Table)', 80, true],
  ['iftable2', 'uint32 __stdcall GetIfTable2(_Out_ void **Table)', 1352, false],
];
fs.mkdirSync(outDir, { recursive: true });
for (const [name, signature, rowSize, takesFamily] of tables) {
  const fn = lib.func(signature);
  const out = [null];
  const status = takesFamily ? fn(AF_UNSPEC, out) : fn(out);
  if (status !== 0) {
    console.log(`${name}: status ${status}`);
    continue;
  }
  const count = koffi.decode(out[0], 'uint32_t');
  const bytes = koffi.decode(out[0], koffi.array('uint8_t', 8 + count * rowSize, 'Typed'));
  free(out[0]);
  fs.writeFileSync(path.join(outDir, `${name}.bin`), bytes);
  console.log(`${name}: ${count} rows, ${bytes.byteLength} bytes`);
}
