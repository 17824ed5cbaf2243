// A line chart in plain SVG: one point per bucket, y axis from 0 to the maximum.
import { useId } from 'preact/hooks';

export interface Point {
  label: string;
  value: number;
}

export function LineChart({ points, title, description }: { points: Point[]; title: string; description: string }) {
  const titleId = useId();
  const descId = useId();
  const width = 640;
  const height = 220;
  const left = 40;
  const right = 12;
  const top = 12;
  const bottom = 28;
  const w = width - left - right;
  const h = height - top - bottom;
  const max = Math.max(1, ...points.map((p) => p.value));
  const x = (i: number) => left + (points.length <= 1 ? w / 2 : (i / (points.length - 1)) * w);
  const y = (v: number) => top + h - (v / max) * h;
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const ticks = [0, 0.5, 1].map((f) => Math.round(max * f)).filter((v, i, a) => a.indexOf(v) === i);
  const every = Math.max(1, Math.ceil(points.length / 8));
  return (
    <svg class="line-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="xMinYMin meet">
      <title id={titleId}>{title}</title>
      <desc id={descId}>{description}</desc>
      {ticks.map((v) => (
        <g key={`t${v}`} class="tick">
          <line x1={left} x2={width - right} y1={y(v)} y2={y(v)} />
          <text x={left - 6} y={y(v) + 4} text-anchor="end">{v}</text>
        </g>
      ))}
      {points.map((p, i) => {
        const last = i === points.length - 1;
        if (!(last || (i % every === 0 && points.length - 1 - i >= every / 2 + 0.5))) return null;
        return (
          <text key={`l${i}`} class="axis-label" x={x(i)} y={height - 8} text-anchor={last && points.length > 1 ? 'end' : i === 0 && points.length > 1 ? 'start' : 'middle'}>{p.label}</text>
        );
      })}
      {points.length > 1 && <path class="line" d={path} />}
      {points.map((p, i) => (
        <circle key={`p${i}`} class="point" cx={x(i)} cy={y(p.value)} r="3.5">
          <title>{`${p.label}: ${p.value}`}</title>
        </circle>
      ))}
    </svg>
  );
}
