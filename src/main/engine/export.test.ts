import { describe, it, expect } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toCsv } from '../../shared/csv';
import { saveExportedCsv } from './export';

describe('saveExportedCsv', () => {
  it('writes the text byte for byte under the offered name and answers the path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'netscope-export-'));
    try {
      // Rows in the page's order (not sorted by anything the engine knows).
      const csv = toCsv(
        ['Local Port', 'Process'],
        [
          [443, 'b'],
          [22, 'a, "quoted"'],
          [8080, 'ünï'],
        ],
      );
      const r = await saveExportedCsv(
        async (text, name) => {
          const path = join(dir, name);
          await writeFile(path, text, 'utf8');
          return path;
        },
        { csv, fileName: 'netscope-test.csv' },
      );
      expect(r).toEqual({ ok: true, value: { path: join(dir, 'netscope-test.csv') } });
      expect(await readFile(join(dir, 'netscope-test.csv'), 'utf8')).toBe(csv);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says unsupported without a save function, cancelled when the user cancels, io-error when writing fails', async () => {
    const request = { csv: 'a\r\n', fileName: 'x.csv' };
    expect(await saveExportedCsv(undefined, request)).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await saveExportedCsv(async () => null, request)).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    const failing = await saveExportedCsv(() => Promise.reject(new Error('ENOSPC: no space left')), request);
    expect(failing).toMatchObject({ ok: false, error: { code: 'io-error', message: expect.stringMatching(/ENOSPC/) } });
  });
});
