// kwiga-validate as a library: check a file like the CLI does, then a few addresses from memory.
// Run from the package folder: node examples/library.mjs [contacts.csv]
import { getExitCode, validateFile, validateRows } from 'kwiga-validate';

const input = process.argv[2] ?? new URL('../fixtures/example-contacts.csv', import.meta.url).pathname;
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

// Writes clean.csv, review.csv, rejected.csv, report.json and report.html, like the CLI.
const options = { offline: true, outDir: 'example-out', failOnRejected: 30, signal: controller.signal };
const report = await validateFile(input, options);
console.log(report.totals);

// No files: any (async) iterable of addresses or records; results come back in input order.
for await (const row of validateRows(['olena@gmial.com', { Name: 'Ivan', Email: 'ivan@ukr.net' }], { offline: true })) {
  console.log(row.row.line, row.bucket, row.reason ?? '-', row.suggestion ?? '');
}

process.exitCode = getExitCode(report, options);
