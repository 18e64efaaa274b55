// One line a person can act on, not a crash deep inside a dependency that needs newer Node.
const major = Number(process.versions.node.split('.')[0]);

export function requireNode24() {
  if (major >= 24) return;
  console.error(
    `plans needs Node.js 24 or later; this is ${process.version}. Install Node.js 24 LTS, or run: source scripts/node24.sh`,
  );
  process.exit(1);
}
