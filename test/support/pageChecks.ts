import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core's own script, injected into a page (a CDP evaluation: the page's CSP does not apply to it). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core's WCAG 2.1 A and AA rules on the page as it is now; returns the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

export interface ContrastFailure {
  what: string;
  text: string;
  ratio: number;
  needed: number;
}

/**
 * WCAG contrast of everything visible, measured from computed colours: every piece of text
 * (4.5:1, or 3:1 when large), the placeholder, and the boundaries of controls (3:1: a text box's
 * border, an enabled button's border or filled background against what is around it).
 */
export async function contrastFailures(page: Page): Promise<ContrastFailure[]> {
  return page.evaluate(() => {
    type RGBA = [number, number, number, number];
    const parse = (c: string): RGBA => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return [0, 0, 0, 0];
      const p = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
      return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
    };
    const over = (top: RGBA, under: RGBA): RGBA => {
      const a = top[3];
      return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
    };
    const lum = (c: RGBA) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    const ratio = (a: RGBA, b: RGBA) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p) as [number, number];
      return Math.round(((x + 0.05) / (y + 0.05)) * 100) / 100;
    };
    const backgroundOf = (el: Element | null): RGBA => {
      const layers: RGBA[] = [];
      for (let e = el; e; e = e.parentElement) layers.push(parse(getComputedStyle(e).backgroundColor));
      return layers.reverse().reduce<RGBA>((under, top) => over(top, under), [255, 255, 255, 1]);
    };
    const hidden = (el: Element) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return s.visibility === 'hidden' || s.display === 'none' || r.width <= 1 || r.height <= 1 || el.closest('.sr-only') !== null;
    };
    const failures: { what: string; text: string; ratio: number; needed: number }[] = [];
    const check = (what: string, text: string, fg: RGBA, bg: RGBA, needed: number) => {
      const r = ratio(over(fg, bg), bg);
      if (r < needed) failures.push({ what, text: text.slice(0, 40), ratio: r, needed });
    };
    for (const el of document.body.querySelectorAll('*')) {
      if (hidden(el)) continue;
      const s = getComputedStyle(el);
      const own = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent!.trim()).map((n) => n.textContent!.trim()).join(' ');
      const bg = backgroundOf(el);
      if (own) {
        const size = parseFloat(s.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
        check(`text <${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''}>`, own, parse(s.color), bg, large ? 3 : 4.5);
      }
      const field = el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || (el instanceof HTMLInputElement && !['checkbox', 'radio', 'hidden', 'submit', 'button', 'color', 'range'].includes(el.type));
      if (field) {
        // Its border, or its fill when it has no border (a white box on a coloured bar).
        const around = backgroundOf(el.parentElement);
        const fill = over(parse(s.backgroundColor), around);
        const edge = parseFloat(s.borderTopWidth) > 0 ? over(parse(s.borderTopColor), fill) : fill;
        check(`border of ${el.tagName.toLowerCase()}#${el.id}`, el.id, edge, around, 3);
        if ('placeholder' in el && el.placeholder) check(`placeholder of #${el.id}`, el.placeholder, parse(getComputedStyle(el, '::placeholder').color), bg, 4.5);
      }
      if (el instanceof HTMLButtonElement && !el.disabled) {
        // Its border, or its fill when that stands out more, against what is around it.
        const around = backgroundOf(el.parentElement);
        const fill = over(parse(s.backgroundColor), around);
        const border = parseFloat(s.borderTopWidth) > 0 ? over(parse(s.borderTopColor), fill) : fill;
        const edge = ratio(border, around) >= ratio(fill, around) ? border : fill;
        check(`boundary of button "${el.textContent}"`, el.textContent ?? '', edge, around, 3);
      }
    }
    return failures;
  });
}

/** Words of running text (not links, not hidden labels) that are drawn across two lines. */
export async function wordsSplitAcrossLines(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const split: string[] = [];
    for (const root of document.querySelectorAll(sel)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.parentElement?.closest('a, .sr-only')) continue;
        const data = n.textContent ?? '';
        for (const m of data.matchAll(/[^\s\u2066-\u2069\-–—/]+/gu)) {
          if (m[0].length > 30) continue;
          const range = document.createRange();
          range.setStart(n, m.index);
          range.setEnd(n, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) split.push(m[0]);
        }
      }
    }
    return split;
  }, selector);
}

/** Elements whose box sticks out of the screen sideways, or whose content is wider or taller than their box. */
export async function cutElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width) out.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${width})`);
    for (const el of document.body.querySelectorAll('header *, form *, .msg, .msg *')) {
      if (el.closest('.sr-only')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      const name = `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}> "${(el.textContent ?? '').slice(0, 30)}"`;
      if (r.left < -1 || r.right > width + 1) out.push(`${name} out of the screen (${Math.round(r.left)}..${Math.round(r.right)})`);
      const s = getComputedStyle(el);
      if (s.display === 'inline') continue;
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${name} content wider than its box`);
      if (el instanceof HTMLTextAreaElement && el.scrollHeight > el.clientHeight + 1) out.push(`${name} content taller than its box`);
    }
    return out;
  });
}
