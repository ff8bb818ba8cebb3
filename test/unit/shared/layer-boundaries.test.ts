import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');

/** Compiles one file with the compiler options of the given tsconfig, as `tsc -p` would. */
function diagnosticsFor(tsconfig: string, file: string): ts.Diagnostic[] {
  const configPath = path.join(root, tsconfig);
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath);
  const program = ts.createProgram([path.join(root, file)], parsed.options);
  return [...program.getSemanticDiagnostics(), ...program.getSyntacticDiagnostics()];
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
