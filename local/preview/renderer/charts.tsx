/**
 * UI Kit charts (BarChart, LineChart, PieChart, DonutChart, …) are drawn by Atlassian's private
 * viz-platform package, which is not on npm. These are honest, simple SVG charts in ADS chart colours, fed
 * the same props (data + accessors); they are labelled "preview chart" so nobody mistakes them for the real one.
 */
import React from 'react';
import Heading from '@atlaskit/heading';
import { Stack, Text } from '@atlaskit/primitives';

type Props = Record<string, unknown>;

const PALETTE = [
  'var(--ds-chart-categorical-1, #2684FF)',
  'var(--ds-chart-categorical-2, #00B8D9)',
  'var(--ds-chart-categorical-3, #6554C0)',
  'var(--ds-chart-categorical-4, #FF8B00)',
  'var(--ds-chart-categorical-5, #36B37E)',
  'var(--ds-chart-categorical-6, #FF5630)',
  'var(--ds-chart-categorical-7, #FFAB00)',
  'var(--ds-chart-categorical-8, #8777D9)',
];

const get = (row: unknown, accessor: unknown): unknown => {
  if (typeof accessor !== 'string' && typeof accessor !== 'number') return undefined;
  if (Array.isArray(row)) return row[Number(accessor)];
  if (typeof row === 'object' && row !== null) return (row as Record<string, unknown>)[String(accessor)];
  return undefined;
};
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v) || 0);
const rows = (p: Props): unknown[] => (Array.isArray(p.data) ? p.data : []);

const Frame = ({ p, kind, children }: { p: Props; kind: string; children: React.ReactNode }) => (
  <div className="fp-chart" data-chart={kind} style={{ width: num(p.width) || undefined }}>
    <Stack space="space.100">
      {typeof p.title === 'string' && <Heading size="xsmall">{p.title}</Heading>}
      {typeof p.subtitle === 'string' && (
        <Text size="small" color="color.text.subtle">
          {p.subtitle}
        </Text>
      )}
      {children}
      <span className="fp-chart-note">
        preview chart (simple SVG; Forge draws this with its own chart library)
      </span>
    </Stack>
  </div>
);

const Legend = ({ names }: { names: string[] }) =>
  names.length > 1 ? (
    <div className="fp-chart-legend">
      {names.map((n, i) => (
        <span key={n}>
          <i style={{ background: PALETTE[i % PALETTE.length] }} />
          {n}
        </span>
      ))}
    </div>
  ) : null;

export function BarChart({ p, horizontal = false }: { p: Props; horizontal?: boolean }): React.JSX.Element {
  const data = rows(p);
  // Horizontal variants put the category on y and the value on x (Forge's own accessor convention).
  const catAcc = horizontal ? p.yAccessor : p.xAccessor;
  const valAcc = horizontal ? p.xAccessor : p.yAccessor;
  const categories = [...new Set(data.map((r) => String(get(r, catAcc))))];
  const series = [
    ...new Set(data.map((r) => (p.colorAccessor !== undefined ? String(get(r, p.colorAccessor)) : ''))),
  ];
  const value = (c: string, s: string): number =>
    data
      .filter(
        (r) =>
          String(get(r, catAcc)) === c &&
          (p.colorAccessor === undefined || String(get(r, p.colorAccessor)) === s),
      )
      .reduce<number>((t, r) => t + num(get(r, valAcc)), 0);
  const totals = categories.map((c) => series.reduce<number>((t, s) => t + value(c, s), 0));
  const max = Math.max(1, ...totals);
  const W = num(p.width) || 480;
  const H = num(p.height) || 240;
  const pad = { l: horizontal ? 96 : 40, r: 12, t: 8, b: horizontal ? 20 : 40 };
  const plotW = W - pad.l - pad.r;
  const plotH = H - pad.t - pad.b;
  const band = (horizontal ? plotH : plotW) / Math.max(1, categories.length);
  return (
    <Frame p={p} kind={horizontal ? 'horizontal-bar' : 'bar'}>
      <svg width={W} height={H} role="img" aria-label={typeof p.title === 'string' ? p.title : 'bar chart'}>
        <line x1={pad.l} y1={pad.t + plotH} x2={pad.l + plotW} y2={pad.t + plotH} className="fp-axis" />
        <line x1={pad.l} y1={pad.t} x2={pad.l} y2={pad.t + plotH} className="fp-axis" />
        {!horizontal && (
          <text x={pad.l - 6} y={pad.t + 10} textAnchor="end" className="fp-tick">
            {max}
          </text>
        )}
        {categories.map((c, i) => {
          let offset = 0;
          return (
            <g key={c} data-category={c}>
              {series.map((s, j) => {
                const v = value(c, s);
                const len = (v / max) * (horizontal ? plotW : plotH);
                const rect = horizontal
                  ? { x: pad.l + offset, y: pad.t + i * band + band * 0.15, width: len, height: band * 0.7 }
                  : {
                      x: pad.l + i * band + band * 0.15,
                      y: pad.t + plotH - offset - len,
                      width: band * 0.7,
                      height: len,
                    };
                offset += len;
                return (
                  <rect key={s} {...rect} rx={2} fill={PALETTE[j % PALETTE.length]}>
                    <title>{`${c}${s ? ` · ${s}` : ''}: ${v}`}</title>
                  </rect>
                );
              })}
              <text
                className="fp-tick"
                {...(horizontal
                  ? { x: pad.l - 6, y: pad.t + i * band + band / 2 + 4, textAnchor: 'end' }
                  : { x: pad.l + i * band + band / 2, y: pad.t + plotH + 16, textAnchor: 'middle' })}
              >
                {c}
              </text>
            </g>
          );
        })}
      </svg>
      <Legend names={series.filter((s) => s !== '')} />
    </Frame>
  );
}

export function LineChart({ p }: { p: Props }): React.JSX.Element {
  const data = rows(p);
  const xs = [...new Set(data.map((r) => String(get(r, p.xAccessor))))];
  const series = [
    ...new Set(data.map((r) => (p.colorAccessor !== undefined ? String(get(r, p.colorAccessor)) : ''))),
  ];
  const max = Math.max(1, ...data.map((r) => num(get(r, p.yAccessor))));
  const W = num(p.width) || 480;
  const H = num(p.height) || 240;
  const pad = { l: 40, r: 12, t: 8, b: 40 };
  const plotW = W - pad.l - pad.r;
  const plotH = H - pad.t - pad.b;
  const x = (i: number) => pad.l + (xs.length <= 1 ? plotW / 2 : (i / (xs.length - 1)) * plotW);
  const y = (v: number) => pad.t + plotH - (v / max) * plotH;
  return (
    <Frame p={p} kind="line">
      <svg width={W} height={H} role="img" aria-label={typeof p.title === 'string' ? p.title : 'line chart'}>
        <line x1={pad.l} y1={pad.t + plotH} x2={pad.l + plotW} y2={pad.t + plotH} className="fp-axis" />
        <line x1={pad.l} y1={pad.t} x2={pad.l} y2={pad.t + plotH} className="fp-axis" />
        {series.map((s, j) => {
          const pts = xs.map((xv, i) => {
            const r = data.find(
              (d) =>
                String(get(d, p.xAccessor)) === xv &&
                (p.colorAccessor === undefined || String(get(d, p.colorAccessor)) === s),
            );
            return `${x(i)},${y(num(get(r, p.yAccessor)))}`;
          });
          return (
            <polyline
              key={s}
              points={pts.join(' ')}
              fill="none"
              stroke={PALETTE[j % PALETTE.length]}
              strokeWidth={2}
            />
          );
        })}
        {xs.map((xv, i) => (
          <text key={xv} x={x(i)} y={pad.t + plotH + 16} textAnchor="middle" className="fp-tick">
            {xv}
          </text>
        ))}
      </svg>
      <Legend names={series.filter((s) => s !== '')} />
    </Frame>
  );
}

export function PieChart({ p, donut = false }: { p: Props; donut?: boolean }): React.JSX.Element {
  const data = rows(p);
  const labelAcc = p.labelAccessor ?? p.colorAccessor;
  const slices = data.map((r) => ({
    label: String(get(r, labelAcc)),
    value: Math.max(0, num(get(r, p.valueAccessor))),
  }));
  const total = slices.reduce((t, s) => t + s.value, 0) || 1;
  const size = Math.min(num(p.width) || 240, num(p.height) || 240);
  const R = size / 2 - 4;
  const inner = donut ? R * 0.6 : 0;
  const c = size / 2;
  let angle = -Math.PI / 2;
  const point = (a: number, r: number) => `${c + r * Math.cos(a)},${c + r * Math.sin(a)}`;
  return (
    <Frame p={p} kind={donut ? 'donut' : 'pie'}>
      <svg
        width={size}
        height={size}
        role="img"
        aria-label={typeof p.title === 'string' ? p.title : 'pie chart'}
      >
        {slices.map((s, i) => {
          const sweep = (s.value / total) * Math.PI * 2;
          const a0 = angle;
          const a1 = angle + Math.min(sweep, Math.PI * 2 - 1e-6);
          angle += sweep;
          const large = a1 - a0 > Math.PI ? 1 : 0;
          const d = donut
            ? `M${point(a0, R)} A${R},${R} 0 ${large} 1 ${point(a1, R)} L${point(a1, inner)} A${inner},${inner} 0 ${large} 0 ${point(a0, inner)} Z`
            : `M${c},${c} L${point(a0, R)} A${R},${R} 0 ${large} 1 ${point(a1, R)} Z`;
          return (
            <path
              key={`${s.label}-${i}`}
              d={d}
              fill={PALETTE[i % PALETTE.length]}
              stroke="var(--ds-surface, #fff)"
            >
              <title>{`${s.label}: ${s.value}`}</title>
            </path>
          );
        })}
        {donut && (
          <text x={c} y={c + 6} textAnchor="middle" className="fp-donut-total">
            {slices.reduce((t, s) => t + s.value, 0)}
          </text>
        )}
      </svg>
      <Legend names={slices.map((s) => `${s.label} (${s.value})`)} />
    </Frame>
  );
}
