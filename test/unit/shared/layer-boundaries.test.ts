import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');

const FIXTURES = ['imports-electron.ts', 'imports-node-fs.ts', 'pure.ts'].map((name) =>
  path.join(root, 'test/fixtures/typecheck', name),
);

/**
 * One program per tsconfig over the three fixture files, with that tsconfig's compiler options, as `tsc -p` would
 * compile them: built once (a program loads the whole standard library; the fixtures are modules, independent of
 * one another), asked per file.
 */
const programs = new Map<string, ts.Program>();
function programFor(tsconfig: string): ts.Program {
  let program = programs.get(tsconfig);
  if (!program) {
    const configPath = path.join(root, tsconfig);
    const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath);
    program = ts.createProgram(FIXTURES, parsed.options);
    programs.set(tsconfig, program);
  }
  return program;
}

/** What the compiler says about one fixture file under the given tsconfig. */
function diagnosticsFor(tsconfig: string, file: string): ts.Diagnostic[] {
  const program = programFor(tsconfig);
  const source = program.getSourceFile(path.join(root, file));
  if (!source) throw new Error(`${file} is not in the program`);
  return [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSemanticDiagnostics(source),
    ...program.getSyntacticDiagnostics(source),
  ];
}

describe('layer boundaries enforced by the compiler', () => {
  for (const tsconfig of ['tsconfig.shared.json', 'tsconfig.renderer.json']) {
    it(`${tsconfig} rejects an import of electron`, () => {
      const diagnostics = diagnosticsFor(tsconfig, 'test/fixtures/typecheck/imports-electron.ts');
      expect(diagnostics.map((d) => d.code)).toContain(2306);
    });

    it(`${tsconfig} rejects an import of node:fs`, () => {
      const diagnostics = diagnosticsFor(tsconfig, 'test/fixtures/typecheck/imports-node-fs.ts');
      expect(diagnostics.map((d) => d.code)).toContain(2306);
    });

    it(`${tsconfig} accepts pure code`, () => {
      expect(diagnosticsFor(tsconfig, 'test/fixtures/typecheck/pure.ts')).toEqual([]);
    });
  }
});
