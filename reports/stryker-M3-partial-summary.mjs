// Totals a partial reporter's lines (reports/stryker-M3-partial-reporter.mjs) per file, as reports/mutation.md's
// tables do: score = (killed + timed out) / (all tested or without coverage), and the survivors' lines.
// Usage: node reports/stryker-M3-partial-summary.mjs reports/mutation/M3-win-1.json.partial.jsonl [--survivors]
import { readFileSync } from 'node:fs';

const [file, flag] = process.argv.slice(2);
const rows = readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const per = new Map();
for (const r of rows) {
  const t = per.get(r.file) ?? { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0 };
  if (r.status in t) t[r.status]++;
  else t.other++;
  per.set(r.file, t);
}
const line = (name, t) => {
  const counted = t.Killed + t.Timeout + t.Survived + t.NoCoverage;
  const score = counted ? ((100 * (t.Killed + t.Timeout)) / counted).toFixed(2) : '-';
  return `| ${name} | ${score} | ${t.Killed} | ${t.Timeout} | ${t.Survived} | ${t.NoCoverage} |`;
};
console.log('| file | score | killed | timeout | survived | no coverage |\n| --- | --: | --: | --: | --: | --: |');
const total = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0 };
for (const [name, t] of [...per].sort()) {
  console.log(line(name, t));
  for (const k of Object.keys(total)) total[k] += t[k];
}
console.log(line('**total**', total));
if (flag === '--survivors') {
  for (const r of rows.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage'))
    console.log(`${r.status} ${r.file}:${r.location.start.line} ${r.mutatorName} ${JSON.stringify(r.replacement ?? '')}`);
}
