// Tells the sidebar view's webview frame from editor tabs' by where VS Code lays it out, not by its URL: VS Code
// drops `purpose=webviewView` from the URL when it re-creates the view's frame (see
// docs/decisions/018-find-the-view-frame-by-its-place.md).
import type { Page } from 'playwright-core';

/** The attribute the harness puts on each webview frame: "sidebar" or "editor". */
export const SURFACE_ATTRIBUTE = 'data-xdm-surface';

/** The sidebar view's frame, once marked (the URL test is kept for a frame VS Code has not re-created yet). */
export const SIDEBAR_FRAME = `iframe.webview.ready[${SURFACE_ATTRIBUTE}="sidebar"], iframe.webview.ready[src*="purpose=webviewView"]`;

/** Editor-tab frames, once marked. */
export const EDITOR_FRAMES = `iframe.webview.ready[${SURFACE_ATTRIBUTE}="editor"]:not([src*="purpose=webviewView"])`;

/**
 * Marks every webview frame of the page with the workbench part its centre lies over (webviews are overlays laid
 * over their part, not inside it; a hidden one keeps its last place). Returns how many frames went to each part.
 */
export function markWebviewFrames(page: Page): Promise<{ sidebar: number; editor: number; other: number }> {
  // One pass in the page, with no named functions in it (tsx's name-keeping helper does not exist there).
  return page.evaluate((attribute) => {
    const side = document.querySelector('.part.sidebar')?.getBoundingClientRect();
    const edit = document.querySelector('.part.editor')?.getBoundingClientRect();
    const counts = { sidebar: 0, editor: 0, other: 0 };
    for (const frame of document.querySelectorAll('iframe.webview')) {
      const box = frame.getBoundingClientRect();
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      const laidOut = box.width > 0 && box.height > 0;
      const surface = laidOut && side && x >= side.left && x <= side.right && y >= side.top && y <= side.bottom
        ? 'sidebar'
        : laidOut && edit && x >= edit.left && x <= edit.right && y >= edit.top && y <= edit.bottom ? 'editor' : 'other';
      frame.setAttribute(attribute, surface);
      counts[surface]++;
    }
    return counts;
  }, SURFACE_ATTRIBUTE);
}

/** Every webview frame's element id, classes, mark and URL (for failure messages). */
export function describeWebviewFrames(page: Page): Promise<string> {
  return page
    .locator('iframe.webview')
    .evaluateAll((frames, attribute) => frames.map((f) => `${f.className} ${attribute}=${f.getAttribute(attribute) ?? '-'} ${f.getAttribute('src') ?? ''}`), SURFACE_ATTRIBUTE)
    .then((lines) => (lines.length > 0 ? lines.join('\n') : '(no webview frames)'));
}
