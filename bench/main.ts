// `npm run bench [-- <area> …]`: runs the named benchmark areas (all when none is named), one after the other,
// so that no two areas compete for the 2 cores.
const areas = ['executor', 'baseline', 'platform', 'harness-load'] as const;
type Area = (typeof areas)[number];

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = asked.filter((a) => !(areas as readonly string[]).includes(a));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown area ${unknown.map((u) => `'${u}'`).join(', ')}; known: ${areas.join(', ')}\n`);
  process.exit(2);
}

for (const area of (asked.length > 0 ? asked : areas) as Area[]) {
  const module = (await import(`./${area}.js`)) as { runBenchmark: () => Promise<void> };
  await module.runBenchmark();
}
