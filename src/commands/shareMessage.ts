import { MAX_DM_TEXT_LENGTH } from '../dm/model/limits';

/**
 * The DM text of "Share Selection as DM". Pure, so headers, permalinks and the cut at X's 10,000 characters are
 * unit-tested without an editor (shareSelection.ts supplies the selections and permalinks).
 */
export interface SharedSelection {
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** The selected text (any line endings). */
  text: string;
  permalink?: string;
}

export interface ShareMessageInput {
  /** Workspace-relative path shown in every header. */
  path: string;
  selections: SharedSelection[];
  /** Optional words typed by the user, placed above the code. */
  note?: string;
  /** Defaults to X's limit; tests pass smaller numbers. */
  limit?: number;
  /** The marker that replaces dropped lines (localised by the caller). */
  moreLines?: (count: number) => string;
}

export interface ShareMessage {
  text: string;
  totalLines: number;
  /** Lines of code that did not fit (0 when nothing was cut). */
  omittedLines: number;
}

const defaultMoreLines = (count: number): string => `… ${count} more ${count === 1 ? 'line' : 'lines'}`;

export function selectionHeader(path: string, startLine: number, endLine: number): string {
  return startLine === endLine ? `${path}:${startLine}` : `${path}:${startLine}-${endLine}`;
}

interface Block {
  head: string;
  lines: string[];
}

function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  // A selection that ends at the start of a line carries one empty trailing line; it is not code.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function render(note: string | undefined, blocks: Block[], shown: number[], moreLines: (n: number) => string): string {
  const parts: string[] = [];
  if (note) parts.push(note);
  blocks.forEach((block, i) => {
    const kept = block.lines.slice(0, shown[i]);
    const omitted = block.lines.length - shown[i];
    const body = omitted > 0 ? [...kept, moreLines(omitted)] : kept;
    parts.push([block.head, ...body].join('\n'));
  });
  return parts.join('\n\n');
}

export function buildShareMessage(input: ShareMessageInput): ShareMessage {
  const limit = input.limit ?? MAX_DM_TEXT_LENGTH;
  const moreLines = input.moreLines ?? defaultMoreLines;
  const note = input.note?.trim() || undefined;
  const ordered = [...input.selections].sort((a, b) => a.startLine - b.startLine);
  const blocks: Block[] = ordered.map((s) => {
    const header = selectionHeader(input.path, s.startLine, s.endLine);
    return { head: s.permalink ? `${header}\n${s.permalink}` : header, lines: splitLines(s.text) };
  });
  const totalLines = blocks.reduce((n, b) => n + b.lines.length, 0);
  const full = blocks.map((b) => b.lines.length);

  const whole = render(note, blocks, full, moreLines);
  if (whole.length <= limit) return { text: whole, totalLines, omittedLines: 0 };

  // Too long: keep lines in reading order while they fit, reserving room for one marker per block.
  const shown = blocks.map(() => 0);
  const skeleton = render(note, blocks, shown, moreLines);
  let budget = limit - skeleton.length;
  let fits = true;
  for (let b = 0; b < blocks.length && fits; b++) {
    const lines = blocks[b].lines;
    for (let i = 0; i < lines.length; i++) {
      const remainingAfter = lines.length - (i + 1);
      // Swapping the block's marker for this line: +line +newline, and the marker shrinks (or disappears).
      const before = moreLines(lines.length - i).length;
      const after = remainingAfter > 0 ? moreLines(remainingAfter).length : -1;
      const cost = lines[i].length - before + after + 1;
      if (cost > budget) {
        fits = false;
        break;
      }
      budget -= cost;
      shown[b] = i + 1;
    }
  }
  let text = render(note, blocks, shown, moreLines);
  if (text.length > limit) {
    // Only a note or headers longer than the limit get here; cut hard rather than exceed what X accepts.
    text = `${text.slice(0, limit - 1)}…`;
  }
  const omittedLines = totalLines - shown.reduce((n, s) => n + s, 0);
  return { text, totalLines, omittedLines };
}
