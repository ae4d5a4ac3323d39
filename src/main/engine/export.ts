/**
 * Saving a CSV export. The page builds the CSV from the rows it shows, in
 * their order, with the shared writer (src/shared/csv.ts); the engine only
 * hands the text to the shell's save function (Electron: a save dialog, then
 * an atomic write). Without one (browser mode) the page downloads the file
 * itself and never sends it here.
 */
import { fail, ok, type ApiResult, type ExportCsvRequest, type ExportCsvResult } from '../../shared/api';

/** Writes csv where the user chooses; null when the user cancelled. */
export type SaveCsv = (csv: string, suggestedName: string) => Promise<string | null>;

export async function saveExportedCsv(
  save: SaveCsv | undefined,
  request: ExportCsvRequest,
): Promise<ApiResult<ExportCsvResult>> {
  if (!save) return fail('unsupported', 'this window cannot save files: the page downloads the CSV itself');
  try {
    const path = await save(request.csv, request.fileName);
    if (path === null) return fail('cancelled', 'export cancelled');
    return ok({ path });
  } catch (error) {
    return fail('io-error', `could not write the CSV file: ${error instanceof Error ? error.message : String(error)}`);
  }
}
