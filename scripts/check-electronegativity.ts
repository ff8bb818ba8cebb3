/**
 * Runs @doyensec/electronegativity over the sources (it always exits 0) and fails when it reports a finding
 * that security/electronegativity-explained.json does not explain, or when it produced no report at all.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'))
  .version as string;
const explained = JSON.parse(readFileSync(path.join(root, 'security/electronegativity-explained.json'), 'utf8')) as {
  rule: string;
  file: string;
  why: string;
}[];

interface Finding {
  rule: string;
  file: string;
  line: number | undefined;
  message: string;
}

/** Scans the app's own sources (main, preload, renderer, shared) together, as one application. */
function scan(dirs: string[]): Finding[] {
  const out = mkdtempSync(path.join(tmpdir(), 'eneg-'));
  const report = path.join(out, 'report.sarif');
  const sources = path.join(out, 'src');
  for (const dir of dirs) cpSync(path.join(root, dir), path.join(sources, dir), { recursive: true });
  try {
    execFileSync(
      process.execPath,
      [
        require.resolve('@doyensec/electronegativity/dist/index.js'),
        '-i',
        sources,
        '-e',
        electronVersion,
        '-r',
        '-v',
        'false',
        '-o',
        report,
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 },
    );
    const sarif = JSON.parse(readFileSync(report, 'utf8')) as {
      runs: {
        results: {
          ruleId: string;
          message?: { text?: string };
          locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine?: number } } }[];
        }[];
      }[];
    };
    return sarif.runs.flatMap((run) =>
      run.results.map((r) => {
        const location = r.locations[0]?.physicalLocation;
        return {
          rule: r.ruleId,
          file: location?.artifactLocation.uri ?? '?',
          line: location?.region?.startLine,
          message: r.message?.text ?? '',
        };
      }),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const findings = scan(['main', 'renderer', 'shared']);
const unexplained = findings.filter((f) => !explained.some((e) => e.rule === f.rule && e.file === f.file));
for (const f of findings) {
  const note = explained.find((e) => e.rule === f.rule && e.file === f.file);
  console.log(
    `${note ? 'explained  ' : 'UNEXPLAINED'} ${f.rule} ${f.file}:${f.line ?? '?'} ${note ? `- ${note.why}` : f.message}`,
  );
}
if (unexplained.length > 0) {
  console.error(
    `electronegativity: ${unexplained.length} finding(s) without an explanation in security/electronegativity-explained.json`,
  );
  process.exit(1);
}
console.log(`electronegativity: ${findings.length} finding(s), all explained.`);
