// Exits 0 when the running Node satisfies the given ">=MAJOR.MINOR[.PATCH]" range (package.json's engines.node),
// 1 when it is older. Dependency-free: .ci/run calls it before `npm ci`, on a clone without node_modules.
/* global process, console */
const range = process.argv[2] ?? '';
const match = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(range.trim());
if (!match) {
  console.error(`node-satisfies: expected a range like ">=22.12", got "${range}"`);
  process.exit(2);
}
const wanted = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
const running = process.versions.node.split('.').map(Number);
for (let i = 0; i < 3; i++) {
  if (running[i] !== wanted[i]) process.exit(running[i] > wanted[i] ? 0 : 1);
}
process.exit(0);
