/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Render bench (run: `npx tsx test/bench/render.ts`, after `npm run build`). Renders the real webview bundle in a
 * plain Debian-chromium page (production HTML + CSP from src/views/html.ts, fake acquireVsCodeApi, fixture view
 * models) — not inside VS Code, whose workbench start-up would dominate and add noise. Measures, with
 * `performance` marks inside the page, bundle start → first painted frame for the conversation list (1,000) and
 * threads of 10 and 10,000 messages, plus DOM node counts; and, as a baseline in the same run, the same 1,000
 * conversations as a `vscode-tree` (what the issue suggested) to justify the virtualized list. Never fails on time.
 */
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import type { Bootstrap } from '../../src/protocol/messages';
import type { AppStateVM } from '../../src/protocol/viewModels';
import { conversations, thread } from './renderFixtures';
import { englishStrings, installFakeVsCode, pageHtml, startWebviewServer } from './webviewPage';

const RUNS = 5;
const now = Date.now();

function state(count: number): AppStateVM {
  return { screen: 'signedIn', accounts: [], conversations: conversations(count, now), sync: { phase: 'idle', lastSyncedAt: now - 60_000 }, sendOnEnter: true };
}

async function firstPaint(page: Page, origin: string, bootstrap: Bootstrap, setPage: (html: string) => void): Promise<{ ms: number; fromNavigation: number; nodes: number }> {
  setPage(pageHtml(origin, bootstrap));
  await page.goto(origin, { waitUntil: 'load' });
  await page.waitForFunction(() => performance.getEntriesByName('xdm-first-paint').length > 0);
  // The frame after lit committed the DOM is the first painted frame.
  return page.evaluate(
    () =>
      new Promise<{ ms: number; fromNavigation: number; nodes: number }>((resolve) =>
        requestAnimationFrame(() =>
          setTimeout(() => {
            const start = performance.getEntriesByName('xdm-start')[0]!.startTime;
            const painted = performance.getEntriesByName('xdm-first-paint')[0]!.startTime;
            resolve({ ms: painted - start, fromNavigation: painted, nodes: document.getElementsByTagName('*').length });
          }, 0),
        ),
      ),
  );
}

async function treeBaseline(page: Page, origin: string, count: number, setPage: (html: string) => void): Promise<{ ms: number; nodes: number }> {
  setPage(`<!DOCTYPE html><html><body><script type="module" src="${origin}/node_modules/@vscode-elements/elements/dist/bundled.js"></script></body></html>`);
  await page.goto(origin, { waitUntil: 'load' });
  await page.waitForFunction(() => customElements.get('vscode-tree-item') !== undefined);
  const items = conversations(count, now).map((c) => ({ title: c.title, preview: c.preview }));
  return page.evaluate(async (rows) => {
    const start = performance.now();
    const tree = document.createElement('vscode-tree');
    for (const row of rows) {
      const item = document.createElement('vscode-tree-item');
      item.textContent = `${row.title} — ${row.preview}`;
      tree.appendChild(item);
    }
    document.body.appendChild(tree);
    type Lit = Element & { updateComplete: Promise<unknown> };
    await Promise.all([tree, ...tree.children].map((el) => (el as Lit).updateComplete));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const ms = performance.now() - start;
    let nodes = document.getElementsByTagName('*').length;
    for (const el of tree.querySelectorAll('*')) nodes += el.shadowRoot?.querySelectorAll('*').length ?? 0;
    return { ms, nodes };
  }, items);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const server = await startWebviewServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await installFakeVsCode(page);
  const scenarios: Record<string, Bootstrap> = {
    list_1000: { strings: englishStrings, locale: 'en', state: state(1000) },
    thread_10: { strings: englishStrings, locale: 'en', state: state(10), uiState: { drafts: {}, openConversationId: '1000-2000' }, thread: thread(10, now) },
    thread_10000: { strings: englishStrings, locale: 'en', state: state(10), uiState: { drafts: {}, openConversationId: '1000-2000' }, thread: thread(10_000, now) },
  };
  const result: Record<string, number> = {};
  try {
    for (const [name, bootstrap] of Object.entries(scenarios)) {
      const runs = [];
      for (let i = 0; i < RUNS + 1; i++) runs.push(await firstPaint(page, server.origin, bootstrap, server.setPage));
      runs.shift(); // warm-up (disk cache, JIT)
      result[`${name}_ms`] = round(median(runs.map((r) => r.ms)));
      result[`${name}_from_navigation_ms`] = round(median(runs.map((r) => r.fromNavigation)));
      result[`${name}_dom_nodes`] = runs[0]!.nodes;
      console.log(`${name.padEnd(14)} first paint ${result[`${name}_ms`]} ms (from navigation ${result[`${name}_from_navigation_ms`]} ms), ${runs[0]!.nodes} DOM nodes`);
    }
    const tree = [];
    for (let i = 0; i < RUNS + 1; i++) tree.push(await treeBaseline(page, server.origin, 1000, server.setPage));
    tree.shift();
    result['vscode_tree_1000_ms'] = round(median(tree.map((r) => r.ms)));
    result['vscode_tree_1000_dom_nodes'] = tree[0]!.nodes;
    console.log(`vscode-tree 1000 (baseline)  ${result['vscode_tree_1000_ms']} ms, ${tree[0]!.nodes} DOM nodes (incl. shadow roots)`);
    result['ratio_thread_10000_vs_10'] = round(result['thread_10000_ms']! / result['thread_10_ms']!);
    result['ratio_list_vs_vscode_tree'] = Math.round((result['list_1000_ms']! / result['vscode_tree_1000_ms']!) * 1000) / 1000;
    console.log(`ratios: thread 10,000 / 10 = ${result['ratio_thread_10000_vs_10']}; list / vscode-tree = ${result['ratio_list_vs_vscode_tree']}`);
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`BENCH render ${JSON.stringify(result)}`);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
