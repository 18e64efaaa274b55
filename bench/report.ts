/** The readable side of bench/results.json: a table of figures, then the targets, met or missed. */
import type { Figure, Target } from './stats.js';

export interface SectionStatus {
  status: 'ok' | 'pending' | 'failed';
  notes: string[];
  error?: string;
  seconds: number;
}

export interface BenchResults {
  generatedAt: string;
  mode: 'full' | 'quick' | 'partial';
  durationSeconds: number;
  machine: {
    node: string;
    platform: string;
    arch: string;
    cpus: number;
    cpuModel: string;
    memory: string;
    /** The 1-minute load average when the run started and ended: above the core count, other work competed. */
    loadAverage: { start: number; end: number };
  };
  figures: Record<string, Figure | 'pending'>;
  targets: Target[];
  sections: Record<string, SectionStatus>;
}

const KB = 1024;
const MB = 1024 * KB;

/** A value in its unit, as a person reads it: 1.2 s, 840 ms, 0.42 MB, 1,000 rows/s. */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  if (unit === 'ms') {
    if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
    if (value >= 1_000) return `${(value / 1000).toFixed(2)} s`;
    if (value >= 100) return `${value.toFixed(0)} ms`;
    if (value >= 10) return `${value.toFixed(1)} ms`;
    return `${value.toFixed(2)} ms`;
  }
  if (unit === 'bytes') {
    if (value >= MB) return `${(value / MB).toFixed(2)} MB`;
    if (value >= KB) return `${(value / KB).toFixed(1)} KB`;
    return `${value.toFixed(0)} B`;
  }
  const number = Number.isInteger(value)
    ? value.toLocaleString('en-GB')
    : value.toLocaleString('en-GB', { maximumFractionDigits: value >= 100 ? 0 : 2 });
  return `${number} ${unit}`;
}

function spreadText(figure: Figure): string {
  if (figure.runs < 2) return '';
  const { min, max, q1, q3 } = figure.spread;
  if (min === max) return 'all equal';
  return `${formatValue(min, figure.unit)} – ${formatValue(max, figure.unit)} (IQR ${formatValue(q1, figure.unit)} – ${formatValue(q3, figure.unit)})`;
}

function pad(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

function targetValue(target: Target): string {
  if (target.value === null) return 'not measured';
  if (typeof target.value === 'boolean') return target.value ? 'yes' : 'no';
  return String(target.value);
}

export function formatReport(results: BenchResults): string {
  const figureRows = [
    ['figure', 'median', 'runs', 'spread: min – max (IQR)', 'measures'],
    ...Object.entries(results.figures).map(([name, f]) =>
      f === 'pending'
        ? [name, 'pending', '', '', '']
        : [name, formatValue(f.median, f.unit), String(f.runs), spreadText(f), f.label],
    ),
  ];
  const targetRows = [
    ['', 'target', 'wanted', 'measured', 'how'],
    ...results.targets.map((t) => [t.met ? '✓' : '✗', t.name, t.target, targetValue(t), t.detail]),
  ];
  const missed = results.targets.filter((t) => !t.met);
  const { machine } = results;
  const lines = [
    `Benchmark (${results.mode}), ${results.generatedAt}, ${results.durationSeconds.toFixed(0)} s on Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memory}`,
    ...(Math.max(machine.loadAverage.start, machine.loadAverage.end) > machine.cpus
      ? [
          `The machine was busy (load average ${machine.loadAverage.start.toFixed(1)} at the start, ${machine.loadAverage.end.toFixed(1)} at the end, on ${machine.cpus} cores): expect wider spreads than on a quiet one.`,
        ]
      : [
          `Load average ${machine.loadAverage.start.toFixed(1)} at the start, ${machine.loadAverage.end.toFixed(1)} at the end.`,
        ]),
    '',
    ...pad(figureRows),
    '',
    ...pad(targetRows),
    '',
  ];
  for (const [name, section] of Object.entries(results.sections)) {
    if (section.status !== 'ok')
      lines.push(`section ${name}: ${section.status}${section.error ? `: ${section.error}` : ''}`);
    for (const note of section.notes) lines.push(`note (${name}): ${note}`);
  }
  lines.push(
    missed.length === 0
      ? `All ${results.targets.length} targets met.`
      : `MISSED ${missed.length} of ${results.targets.length} targets: ${missed.map((t) => t.name).join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}
