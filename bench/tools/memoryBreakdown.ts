/**
 * What a server's resident memory is made of, printed on stderr when it gets SIGTERM (before it
 * stops): V8's heap by space, and the process's mappings (Linux /proc/self/smaps) by kind: V8's
 * 256 KiB pages, the C allocator (`[heap]` and other anonymous mappings: SQLite, libSQL, Node's
 * own buffers, V8's remembered sets), the files mapped (mostly the node binary), V8's code range.
 * Loaded into the memory benchmark's server, as an experiment:
 *   BENCH_MEMORY_NODE_ARGS="<the start script's flags> --import ./bench/tools/memoryBreakdown.ts" npm run bench -- --only=memory
 * (after `--import tsx`). BENCH_HEAP_SNAPSHOT=<file> also writes a heap snapshot there (open it in
 * Chrome DevTools › Memory); the snapshot forces a full GC first.
 */
import { readFileSync } from 'node:fs';
import { getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from 'node:v8';

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

function mappings(): Map<string, { rssKb: number; count: number }> {
  const kinds = new Map<string, { rssKb: number; count: number }>();
  let kind = '';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (m) {
      const sizeKb = (parseInt(m[2]!, 16) - parseInt(m[1]!, 16)) / 1024;
      const [perms, name] = [m[3]!, m[4]!];
      if (name.startsWith('/')) kind = `file ${name.slice(name.lastIndexOf('/') + 1)}`;
      else if (name) kind = name === '[heap]' ? 'C allocator: [heap]' : `other: ${name}`;
      else if (perms.includes('x')) kind = "V8's code range";
      else if (sizeKb === 256) kind = "V8's heap pages (256 KiB)";
      else kind = 'C allocator and others: anonymous';
      const k = kinds.get(kind) ?? { rssKb: 0, count: 0 };
      k.count++;
      kinds.set(kind, k);
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && kind) kinds.get(kind)!.rssKb += Number(rss[1]);
  }
  return kinds;
}

process.once('SIGTERM', () => {
  const u = process.memoryUsage();
  const h = getHeapStatistics();
  const spaces = getHeapSpaceStatistics()
    .filter((s) => s.space_size > 0)
    .map((s) => `${s.space_name.replace(/_space$/, '')} ${mb(s.space_used_size)}/${mb(s.space_size)}`)
    .join(', ');
  const lines = [
    `memory breakdown (pid ${process.pid}): rss ${mb(u.rss)} MB; V8 heap used/committed ${mb(u.heapUsed)}/${mb(u.heapTotal)} MB, limit ${mb(h.heap_size_limit)} MB; external ${mb(u.external)} MB; V8's own malloc ${mb(h.malloced_memory)} MB (peak ${mb(h.peak_malloced_memory)})`,
    `  V8 spaces (used/committed MB): ${spaces}`,
    ...[...mappings()]
      .filter(([, k]) => k.rssKb >= 512)
      .sort((a, b) => b[1].rssKb - a[1].rssKb)
      .map(([kind, k]) => `  ${mb(k.rssKb * 1024).padStart(7)} MB  ${kind} (${k.count} mappings)`),
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
  const file = process.env.BENCH_HEAP_SNAPSHOT;
  if (file) process.stderr.write(`  heap snapshot: ${writeHeapSnapshot(file)}\n`);
});
