// A horizontal bar chart in plain SVG: one bar per label, value at the end of the bar.
import { useId } from 'preact/hooks';

export interface Bar {
  label: string;
  value: number;
  tone?: 'normal' | 'warn' | 'danger';
}

export function BarChart({ bars, title, description }: { bars: Bar[]; title: string; description: string }) {
  const titleId = useId();
  const descId = useId();
  const row = 30;
  const labelW = 150;
  const chartW = 420;
  const pad = 8;
  const width = labelW + chartW + 60;
  const height = Math.max(1, bars.length) * row + pad * 2;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const ticks = [0, 0.5, 1].map((f) => Math.round(max * f)).filter((v, i, a) => a.indexOf(v) === i);
  return (
    <svg class="bar-chart" viewBox={`0 0 ${width} ${height + 18}`} role="img" aria-labelledby={`${titleId} ${descId}`}
      preserveAspectRatio="xMinYMin meet">
      <title id={titleId}>{title}</title>
      <desc id={descId}>{description}</desc>
      {ticks.map((v) => {
        const x = labelW + (v / max) * chartW;
        return (
          <g key={`tick-${v}`} class="tick">
            <line x1={x} x2={x} y1={pad - 2} y2={height - pad + 2} />
            <text x={x} y={height + 12} text-anchor="middle">{v}</text>
          </g>
        );
      })}
      {bars.map((b, i) => {
        const y = pad + i * row;
        const w = (b.value / max) * chartW;
        return (
          <g key={`${b.label}-${i}`} class={`bar ${b.tone ?? 'normal'}`}>
            <text class="bar-label" x={labelW - 10} y={y + row / 2 + 4} text-anchor="end">{b.label}</text>
            <rect x={labelW} y={y + 5} width={Math.max(b.value > 0 ? 3 : 0, w)} height={row - 10} rx="3" />
            <text class="bar-value" x={labelW + w + 6} y={y + row / 2 + 4}>{b.value}</text>
          </g>
        );
      })}
    </svg>
  );
}
