/**
 * What the resident memory is made of: RSS after importing each module in turn (with a GC before
 * each reading). Run with --expose-gc and the Node flags of the "start" script in package.json
 * (what `npm start` uses; without them V8 sizes its heap from the machine's memory, and a fresh
 * process on a 23.5 GB machine is ~300 MB instead of ~160):
 *   node --expose-gc --max-semi-space-size=4 --max-old-space-size=384 --import tsx bench/tools/rssImports.ts drizzle-orm,../../src/runtime/startNode.js
 * (paths relative to this file). A GC does not give the young generation's pages back: a module
 * whose loading allocates a lot shows more than it keeps. For what a running server holds, see
 * bench/tools/memoryBreakdown.ts.
 */
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const rss = () => {
  gc();
  return process.memoryUsage().rss / 1e6;
};
let last = rss();
for (const m of (process.argv[2] ?? '').split(',').filter(Boolean)) {
  await import(m);
  const now = rss();
  console.log(`${(now - last).toFixed(0).padStart(5)} MB  ${m}`);
  last = now;
}
console.log(`total rss ${last.toFixed(0)} MB`);
export {};
