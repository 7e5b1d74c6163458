/**
 * linkify bench (run: `npx tsx test/bench/linkify.ts`): one render's link pass over 10,000-character messages —
 * ordinary prose with links, and a URL followed by a long run of punctuation, the input that made the old
 * `[…]+$` trailing-punctuation regex quadratic. The old rule runs beside the current one for comparison. Prints
 * figures only; never fails on time.
 */
import { performance } from 'node:perf_hooks';
import { linkify } from '../../webview/model/linkify';

const RUNS = 20;

function oldTrailingRule(url: string): string {
  const trailing = /[.,;:!?)\]}]+$/u.exec(url)?.[0] ?? '';
  return trailing && !(trailing.startsWith(')') && url.includes('(')) ? url.slice(0, url.length - trailing.length) : url;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/giu;
function oldLinkify(text: string): number {
  let links = 0;
  for (const match of text.matchAll(URL_PATTERN)) if (oldTrailingRule(match[0])) links++;
  return links;
}

function median(fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
}

const inputs: Record<string, string> = {
  prose: Array.from({ length: 200 }, (_, i) => `line ${i} see https://example.com/p/${i}. ok`).join('\n').slice(0, 10_000),
  punctuationRun: `https://x.io/${'.,;:!?)]}'.repeat(1108)}a`,
};

const figures: Record<string, { oldMs: number; newMs: number }> = {};
for (const [name, text] of Object.entries(inputs)) {
  figures[name] = { oldMs: +median(() => oldLinkify(text)).toFixed(3), newMs: +median(() => linkify(text)).toFixed(3) };
  console.log(`${name} (${text.length} chars): old rule ${figures[name].oldMs} ms, linkify now ${figures[name].newMs} ms (median of ${RUNS})`);
}
console.log(`BENCH linkify ${JSON.stringify(figures)}`);
