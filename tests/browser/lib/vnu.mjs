// The Nu HTML Checker (vnu.jar from the vnu-jar npm package) run on a directory, its JSON
// report turned into one line per error with the page it is on.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO } from './harness.mjs';

export const VNU_JAR = path.join(REPO, 'node_modules/vnu-jar/build/dist/vnu.jar');

/** Errors (not warnings) in every .html file under `dir`: [{page, line, column, message}]. */
export function validate(dir) {
  const r = spawnSync(
    'java',
    ['-Xss4m', '-jar', VNU_JAR, '--errors-only', '--skip-non-html', '--format', 'json', dir],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (r.error) throw new Error(`cannot run java -jar ${VNU_JAR}: ${r.error.message}`);
  let report;
  try {
    report = JSON.parse(r.stderr || r.stdout);
  } catch {
    throw new Error(`vnu.jar exited ${r.status} without a JSON report:\n${r.stderr}\n${r.stdout}`);
  }
  return report.messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map((m) => ({
      page: m.url ? path.relative(dir, fileURLToPath(m.url)).split(path.sep).join('/') : '(unknown)',
      line: m.lastLine ?? m.firstLine ?? 0,
      column: m.lastColumn ?? 0,
      message: m.message,
    }));
}

export function describe(errors) {
  return errors.map((e) => `${e.page}:${e.line}:${e.column}: ${e.message}`).join('\n');
}
