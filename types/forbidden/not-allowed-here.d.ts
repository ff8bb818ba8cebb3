// shared/ and renderer/ may not import Electron or Node.js modules: shared/ runs in both processes and the
// renderer is sandboxed. Their tsconfigs map those module names to this file, which is deliberately not a
// module, so such an import fails to compile with TS2306 naming this file.
declare const electronAndNodeModulesAreNotAllowedHere: never;
