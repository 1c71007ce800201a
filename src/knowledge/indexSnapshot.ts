/**
 * The knowledge index (and the language detector) as data: built once by `npm run content:build`,
 * written into the Worker's bundle, and restored there without running the build, which costs
 * some 200-500 ms of CPU (normalizing and stemming every article) where a Workers request may use 10.
 *
 * The snapshot is the built objects' own fields, whatever they are: a JSON tree (Maps, Sets,
 * arrays, plain objects, numbers, strings, references to an object met before) and one binary
 * block holding every typed array, restored as views on it (no copy). An object of one of the
 * classes below is restored on its class's prototype without calling its constructor, so its
 * methods are the same code as a freshly built one's; a field holding a function cannot be
 * restored and is refused when the snapshot is taken. Nothing here knows the index's layout: the
 * builder may change its fields, the snapshot follows (test/indexSnapshot.test.ts compares the
 * rankings of a restored index with a freshly built one's).
 */
import type { Content } from '../content/contentTypes.js';
import { buildKnowledgeIndex } from './buildKnowledgeIndex.js';
import { DeleteIndex } from './deleteIndex.js';
import { LanguageDetector } from './detectLanguage.js';
import { FuzzyVocabulary } from './fuzzyVocabulary.js';
import { Lexicon } from './lexicon.js';
import { PhraseMatcher } from './phraseMatcher.js';
import { PairCodes, PostingLists } from './postingLists.js';
import { KnowledgeIndex } from './searchKnowledge.js';

/** What the Worker restores: the index the bot searches and the detector of a message's language. */
export interface Knowledge {
  index: KnowledgeIndex;
  languages: LanguageDetector;
}

export interface KnowledgeSnapshot {
  /** The object tree (see `encode`). */
  tree: string;
  /** Every typed array's bytes, each at an offset aligned to 8, in base64. */
  bytes: string;
}

const CLASSES: Record<string, { prototype: object }> = { KnowledgeIndex, PostingLists, PairCodes, FuzzyVocabulary, DeleteIndex, Lexicon, PhraseMatcher, LanguageDetector };

const TYPED = { Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array } as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

/** The knowledge the bot uses, built from the content (as composeApp builds it on Node). */
export function buildKnowledge(content: Pick<Content, 'articles' | 'lexicon'>): Knowledge {
  return { index: buildKnowledgeIndex(content), languages: new LanguageDetector(content.lexicon, content.articles) };
}

/** The snapshot of freshly built knowledge (before any search: caches would be kept too). */
export function snapshotKnowledge(knowledge: Knowledge): KnowledgeSnapshot {
  const chunks: Typed[] = [];
  let size = 0;
  const seen = new Map<object, number>();
  const encode = (value: unknown, path: string): unknown => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
    if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? value : { $n: Object.is(value, -0) ? '-0' : String(value) };
    if (value === undefined) return { $u: 1 };
    if (typeof value !== 'object') throw new Error(`knowledge snapshot: ${path} is a ${typeof value}, which a snapshot cannot hold`);
    const ref = seen.get(value);
    if (ref !== undefined) return { $r: ref };
    seen.set(value, seen.size);
    if (ArrayBuffer.isView(value)) {
      const name = value.constructor.name as TypedName;
      if (!(name in TYPED)) throw new Error(`knowledge snapshot: ${path} is a ${name}`);
      size = Math.ceil(size / 8) * 8;
      const at = size;
      // A sorted list of whole numbers (where each list starts, word pairs' codes, hashes) is
      // kept as its differences, small numbers that compress far better (the bundle 1,454 -> 1,288 KiB gzipped).
      const deltas = differences(value as Typed);
      chunks.push(deltas ?? (value as Typed));
      size += value.byteLength;
      return { $t: name, at, n: (value as Typed).length, ...(deltas ? { d: 1 } : {}) };
    }
    // Arrays, Maps, Sets and plain objects of plain values (most of the tree) are kept as JSON
    // has them, restored in one step: restoring node by node took ~60 ms.
    if (Array.isArray(value)) return value.every(isPlain) ? { $a: value } : value.map((v, i) => encode(v, `${path}[${i}]`));
    if (value instanceof Map) {
      const keys = [...value.keys()];
      const values = [...value.values()];
      if (keys.every(isPlain) && values.every(isPlain)) return { $mk: keys, v: values };
      return { $m: [...value].map(([k, v]) => [encode(k, `${path} key`), encode(v, `${path}.get(${String(k)})`)]) };
    }
    if (value instanceof Set) return [...value].every(isPlain) ? { $sk: [...value] } : { $s: [...value].map((v) => encode(v, `${path} item`)) };
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto === Object.prototype && Object.values(value).every(isPlain)) return { $p: value };
    const fields = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v, `${path}.${k}`)]));
    if (proto === Object.prototype || proto === null) return { $o: fields };
    const name = Object.entries(CLASSES).find(([, c]) => c.prototype === proto)?.[0];
    if (!name) throw new Error(`knowledge snapshot: ${path} is a ${(proto as { constructor?: { name?: string } }).constructor?.name ?? 'object'}, not a class the snapshot knows`);
    return { $c: name, f: fields };
  };
  const tree = JSON.stringify(encode(knowledge, 'knowledge'));
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    at = Math.ceil(at / 8) * 8;
    bytes.set(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), at);
    at += chunk.byteLength;
  }
  return { tree, bytes: toBase64(bytes) };
}

/** The knowledge again, as `snapshotKnowledge` saw it. */
export function restoreKnowledge(snapshot: KnowledgeSnapshot): Knowledge {
  const buffer = fromBase64(snapshot.bytes).buffer as ArrayBuffer;
  const objects: unknown[] = [];
  const decode = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') return node;
    const n = node as Record<string, unknown>;
    if ('$n' in n) return n.$n === '-0' ? -0 : Number(n.$n);
    if ('$u' in n) return undefined;
    if ('$r' in n) return objects[n.$r as number];
    const slot = objects.length;
    objects.push(undefined);
    const keep = <T>(value: T): T => ((objects[slot] = value), value);
    if (Array.isArray(node)) {
      const out = keep(new Array<unknown>(node.length));
      for (let i = 0; i < node.length; i++) out[i] = decode(node[i]);
      return out;
    }
    if ('$a' in n) return keep(n.$a);
    if ('$p' in n) return keep(n.$p);
    if ('$mk' in n) {
      const map = keep(new Map());
      const keys = n.$mk as unknown[];
      const values = n.v as unknown[];
      for (let i = 0; i < keys.length; i++) map.set(keys[i], values[i]);
      return map;
    }
    if ('$sk' in n) return keep(new Set(n.$sk as unknown[]));
    if ('$t' in n) {
      const list = keep(new TYPED[n.$t as TypedName](buffer, n.at as number, n.n as number));
      if (n.d) for (let i = 1; i < list.length; i++) list[i] = list[i]! + list[i - 1]!;
      return list;
    }
    if ('$m' in n) {
      const map = keep(new Map());
      for (const [k, v] of n.$m as [unknown, unknown][]) map.set(decode(k), decode(v));
      return map;
    }
    if ('$s' in n) {
      const set = keep(new Set());
      for (const v of n.$s as unknown[]) set.add(decode(v));
      return set;
    }
    const isClass = '$c' in n;
    const target = keep(isClass ? Object.create(CLASSES[n.$c as string]!.prototype as object) : {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries((isClass ? n.f : n.$o) as Record<string, unknown>)) target[k] = decode(v);
    return target;
  };
  return decode(JSON.parse(snapshot.tree)) as Knowledge;
}

/** The differences between neighbours of a sorted list of whole numbers, or null. */
function differences(list: Typed): Typed | null {
  if (list.length < 2) return null;
  for (let i = 0; i < list.length; i++) if (!Number.isSafeInteger(list[i]) || (i > 0 && list[i]! < list[i - 1]!)) return null;
  const out = list.slice();
  for (let i = 1; i < list.length; i++) out[i] = list[i]! - list[i - 1]!;
  return out;
}

/** A value JSON holds as it is: a string, a boolean, null or a finite number (not -0). */
function isPlain(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0));
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Base64 to bytes: natively where the runtime has it (workerd), else through atob. */
function fromBase64(text: string): Uint8Array {
  const native = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  if (native) return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
