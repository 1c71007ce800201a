/**
 * What the resident memory is made of: RSS after importing each module in turn (with a GC before
 * each reading). Run with --expose-gc:
 *   node --expose-gc --import tsx bench/tools/rssImports.ts drizzle-orm,../../src/runtime/startNode.js
 * (paths relative to this file). Most of a fresh process's RSS is V8's young generation, sized
 * from the machine's memory: compare with --max-semi-space-size=16.
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
