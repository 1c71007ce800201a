import type { Page } from 'playwright-core';

export interface Glyph {
  ch: string;
  x: number;
  top: number;
}

/**
 * Runs in the page: finds `needle` in the visible text of the last element `selector` that has it (invisible
 * isolates and marks skipped), and returns where each of its non-space characters is drawn
 * (Range.getClientRects), in the needle's own order. A string shown left to right has its x
 * growing; shown reversed, shrinking. Written as a string so that the test runner's transforms
 * never reach the page.
 */
const MEASURE = String.raw`(([selector, needle]) => {
  const roots = [...document.querySelectorAll(selector)].reverse();
  for (const root of roots) {
    const found = measure(root);
    if (found) return found;
  }
  return null;
  function measure(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = []; let flat = '';
  while (walker.nextNode()) { nodes.push([walker.currentNode, flat.length]); flat += walker.currentNode.data; }
  const visible = []; let text = '';
  for (let i = 0; i < flat.length; i++) if (!/[\u2066-\u2069\u200e\u200f]/.test(flat[i])) { visible.push(i); text += flat[i]; }
  const at = text.indexOf(needle);
  if (at < 0) return null;
  const out = [];
  for (let k = 0; k < needle.length; k++) {
    if (needle[k] === ' ') continue;
    const pos = visible[at + k];
    let node = nodes[0];
    for (const n of nodes) if (n[1] <= pos) node = n;
    const r = document.createRange();
    r.setStart(node[0], pos - node[1]); r.setEnd(node[0], pos - node[1] + 1);
    const rect = r.getClientRects()[0];
    out.push({ ch: needle[k], x: rect.left + rect.width / 2, top: Math.round(rect.top) });
  }
  return out;
  }
})`;

/** The glyphs of `needle` in the last element matching `selector` that shows it. */
export async function glyphsOf(page: Page, selector: string, needle: string): Promise<Glyph[] | null> {
  return page.evaluate(`${MEASURE}(${JSON.stringify([selector, needle])})`) as Promise<Glyph[] | null>;
}

/** The glyphs are on one line and drawn left to right, in the order they are written. */
export function readsLeftToRight(glyphs: Glyph[]): boolean {
  return glyphs.every((g, i) => i === 0 || (Math.abs(g.top - glyphs[0]!.top) <= 2 && g.x > glyphs[i - 1]!.x));
}
