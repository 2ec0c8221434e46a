import type { RoundResult } from '../result/result.js';
import { formatCount, formatMs, formatRate } from '../report/format.js';
import { formatDuration } from '../config/units.js';
import type { EngineEvent, EngineListener } from '../load/events.js';

export type ProgressMode = 'live' | 'plain' | 'silent';

/**
 * Turns engine events into what a person watches: on a terminal, a live line redrawn in place
 * with one permanent line per finished round above it; in CI logs, only the permanent lines
 * (a log is read afterwards, and carriage returns make a mess of it). `interrupted` says what an
 * interruption keeps, as the front door knows it: a run keeps its completed rounds, a seeding
 * records no run that did not end.
 */
export function progressDisplay(
  mode: ProgressMode,
  write: (text: string) => void,
  interrupted = 'the rounds that completed are kept',
): EngineListener {
  if (mode === 'silent') return () => undefined;
  let plannedMs = 0;
  let doneMs = 0;
  let currentMs = 0;
  let live = '';
  const print = (line: string): void => {
    if (mode === 'live' && live !== '') write('\r\x1b[2K');
    write(`${line}\n`);
    if (mode === 'live' && live !== '') write(live);
  };
  const redraw = (line: string): void => {
    if (mode !== 'live') return;
    live = line;
    write(`\r\x1b[2K${line}`);
  };

  return (event: EngineEvent) => {
    switch (event.type) {
      case 'start': {
        plannedMs = event.plannedMs;
        const rounds = Math.max(...event.scenarios.map((s) => s.rounds));
        // The extra rounds a second look may ask for are part of the promise: a run that takes them ends within it.
        const most =
          event.mostMs !== undefined && event.mostMs > plannedMs
            ? `, up to ${Math.ceil(event.mostMs / 1000)} s if a first look cannot decide`
            : '';
        print(
          `perf-gate: ${event.scenarios.length} scenario(s), up to ${rounds} round(s) each, about ${Math.ceil(plannedMs / 1000)} s${most}`,
        );
        break;
      }
      case 'warmup':
        doneMs += currentMs;
        currentMs = event.durationMs;
        print(`  warming up ${named(event)} for ${formatDuration(event.durationMs)}`);
        redraw(`  ${percent(doneMs, plannedMs)} warming up ${named(event)}`);
        break;
      case 'round-start':
        doneMs += currentMs;
        currentMs = 0;
        redraw(`  ${percent(doneMs, plannedMs)} ${named(event)} round ${event.round}/${event.rounds}`);
        break;
      case 'more-rounds':
        plannedMs += event.plannedMs;
        print(`  more rounds, about ${Math.ceil(event.plannedMs / 1000)} s: ${event.reasons.join('; ')}`);
        break;
      case 'progress':
        redraw(
          `  ${percent(doneMs + event.elapsedMs, plannedMs)} ${named(event)} round ${event.round}/${event.rounds}  ` +
            `${(event.elapsedMs / 1000).toFixed(1)}/${(event.durationMs / 1000).toFixed(1)} s  ` +
            `${formatCount(event.requests)} req  ${formatCount(event.errors)} err`,
        );
        break;
      case 'round-end':
        currentMs = event.result.durationMs;
        print(
          `  ${named(event)} round ${event.round}/${event.rounds}: ${roundLine(event.result)}${event.result.dataRanOut ? ' · its unique data rows ran out' : ''}`,
        );
        break;
      case 'round-skipped':
        print(`  ${named(event)} round ${event.round}/${event.rounds}: not run, its unique data rows have run out`);
        break;
      case 'end':
        if (mode === 'live' && live !== '') write('\r\x1b[2K');
        live = '';
        if (event.interrupted) write(`perf-gate: interrupted; ${interrupted}\n`);
        break;
    }
  };
}

/** The scenario, and in the interleaved A/B mode the deployment: "search [base]". */
function named(event: { scenario: string; arm?: string }): string {
  return event.arm === undefined ? event.scenario : `${event.scenario} [${event.arm}]`;
}

function percent(done: number, planned: number): string {
  const value = planned > 0 ? Math.min(99, Math.floor((done / planned) * 100)) : 0;
  return `[${String(value).padStart(2)}%]`;
}

function roundLine(round: RoundResult): string {
  const { p50, p95, p99 } = round.latencyMs;
  const parts = [
    `${formatCount(round.requests)} req, ${formatRate(round.rps)} req/s`,
    `p50 ${formatMs(p50)}, p95 ${formatMs(p95)}, p99 ${formatMs(p99)}`,
    `errors ${formatCount(round.errors.total)}`,
  ];
  if (round.open !== undefined && (round.open.late > 0 || round.open.dropped > 0)) {
    parts.push(`late ${formatCount(round.open.late)}, dropped ${formatCount(round.open.dropped)}`);
  }
  return parts.join(' · ');
}
