/** @jsxImportSource hono/jsx */
/**
 * Charts drawn on the server as SVG: no external service, no chart library, no script (the
 * console's CSP allows none inline). Presentation attributes only (no style attribute). Laid out
 * left to right in every language (the days run left to right, as numbers do; `svg.chart` is
 * `direction:ltr`), each label isolated so an Arabic one still reads right to left.
 */
import { FSI, PDI } from '../i18n/bidiIsolate.js';

export const CHANNEL_COLORS: Record<string, string> = {
  webchat: '#0b6e4f',
  telegram: '#2a8bd6',
  'whatsapp-cloud': '#25a244',
  'whatsapp-web': '#8fcf7f',
  cli: '#999999',
};
export const PALETTE = ['#0b6e4f', '#c45500', '#2a8bd6', '#8a1c1c', '#6b4a9e', '#25a244', '#b08900', '#555555'];

export const colorFor = (key: string, i: number) => CHANNEL_COLORS[key] ?? PALETTE[i % PALETTE.length]!;

/** The top of the y axis: four equal steps of 1, 2 or 5 × a power of ten (0, 10, 20, 30, 40). */
function niceMax(n: number): number {
  const quarter = Math.max(1, n / 4);
  const pow = 10 ** Math.floor(Math.log10(quarter));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= quarter)!;
  return step * 4;
}

/**
 * Bars per day, stacked by series (channel or language), with a y axis and dates every few bars.
 * A value of null is fewer than 5 people: a thin grey mark titled "<5", not its number.
 */
export function StackedBars(props: { id: string; title: string; days: string[]; series: string[]; value: (day: string, series: string) => number | null; colors?: (s: string, i: number) => string }) {
  const W = 720;
  const H = 240;
  const left = 40;
  const bottom = 36;
  const top = 10;
  const plotW = W - left - 10;
  const plotH = H - top - bottom;
  const totals = props.days.map((d) => props.series.reduce((s, k) => s + (props.value(d, k) ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const step = plotW / Math.max(1, props.days.length);
  const barW = Math.max(2, Math.min(28, step * 0.7));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const labelEvery = Math.ceil(props.days.length / 10);
  const color = props.colors ?? colorFor;
  return (
    <svg class="chart" id={props.id} viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-labelledby={`${props.id}-title`}>
      <title id={`${props.id}-title`}>{props.title}</title>
      {[0, 0.25, 0.5, 0.75, 1].map((f) => (
        <g>
          <line x1={left} x2={W - 10} y1={y(max * f)} y2={y(max * f)} stroke="#e3e1da" stroke-width="1" />
          <text x={left - 4} y={y(max * f) + 4} text-anchor="end">
            {String(Math.round(max * f))}
          </text>
        </g>
      ))}
      {props.days.map((day, i) => {
        let acc = 0;
        const x = left + i * step + (step - barW) / 2;
        return (
          <g data-day={day}>
            {props.series.map((s, k) => {
              const v = props.value(day, s);
              if (v === null) {
                const y0 = y(acc);
                acc += max / 100;
                return (
                  <rect x={x} y={y(acc)} width={barW} height={Math.max(1, y0 - y(acc))} fill="#c9c7bf">
                    <title>{`${day} · ${s}: <5`}</title>
                  </rect>
                );
              }
              if (!v) return null;
              const y0 = y(acc);
              acc += v;
              return (
                <rect x={x} y={y(acc)} width={barW} height={Math.max(0.5, y0 - y(acc))} fill={color(s, k)}>
                  <title>{`${day} · ${s}: ${v}`}</title>
                </rect>
              );
            })}
            {i % labelEvery === 0 && (
              <text x={x + barW / 2} y={H - bottom + 14} text-anchor="middle">
                {day.slice(5)}
              </text>
            )}
          </g>
        );
      })}
      <line x1={left} x2={W - 10} y1={top + plotH} y2={top + plotH} stroke="#8c8c88" stroke-width="1" />
    </svg>
  );
}

/** Horizontal bars with their labels and values (top articles, satisfaction, totals); null: fewer than 5 people, "<5" and no bar. */
export function HBars(props: { id: string; title: string; rows: { label: string; value: number | null; color?: string }[]; format?: (v: number) => string }) {
  const W = 520;
  const rowH = 22;
  const labelW = 190;
  const H = Math.max(rowH, props.rows.length * rowH) + 8;
  const max = Math.max(1, ...props.rows.map((r) => r.value ?? 0));
  const plotW = W - labelW - 60;
  return (
    <svg class="chart" id={props.id} viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-labelledby={`${props.id}-title`}>
      <title id={`${props.id}-title`}>{props.title}</title>
      {props.rows.map((r, i) => (
        <g>
          <text x={labelW - 6} y={i * rowH + 15} text-anchor="end">
            {`${FSI}${r.label.length > 30 ? `${r.label.slice(0, 29)}…` : r.label}${PDI}`}
          </text>
          <rect x={labelW} y={i * rowH + 4} width={Math.max(r.value ? 1 : 0, ((r.value ?? 0) / max) * plotW)} height={rowH - 8} fill={r.color ?? colorFor('', i)} rx="2" />
          <text x={labelW + ((r.value ?? 0) / max) * plotW + 6} y={i * rowH + 15}>
            {r.value === null ? '<5' : props.format ? props.format(r.value) : String(r.value)}
          </text>
        </g>
      ))}
    </svg>
  );
}

export function Legend(props: { items: { key: string; label: string }[] }) {
  return (
    <div class="legend">
      {props.items.map((it) => (
        <span>
          <i class={`sw-${it.key}`}></i>
          {it.label}
        </span>
      ))}
    </div>
  );
}
