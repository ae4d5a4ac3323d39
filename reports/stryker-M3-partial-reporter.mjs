// A Stryker reporter that appends each mutant's result to <jsonReporter.fileName>.partial.jsonl as it is tested,
// so a run stopped before its end (this shared machine, a deadline) still leaves figures: Stryker's json, html and
// incremental reports are written only when a run ends. reports/mutation-partial-summary.mjs totals the lines.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { commonTokens, declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin';

class PartialReporter {
  static inject = [commonTokens.options];
  constructor(options) {
    this.file = `${options.jsonReporter.fileName}.partial.jsonl`;
    mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileSync(this.file, '');
  }
  onMutantTested(result) {
    const { id, fileName, mutatorName, status, location, replacement } = result;
    const line = { id, file: path.relative(process.cwd(), fileName), mutatorName, status, location, replacement };
    appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'm3-partial', PartialReporter)];
