/**
 * Lists inside one cell. Officers put several proposals, or several milestones, in one cell:
 * as bullets (•, -, *), numbered ("1." "2)"), lettered ("a. … b. …", also on one line), or just
 * as separate lines. A letter label may cover several items: "b and c. April 2026".
 */

export interface CellItem {
  /** Lower-case letters or numbers the item is labelled with; empty for bullets and plain lines. */
  labels: string[];
  text: string;
}

export interface CellList {
  /** Lines before the first bullet, e.g. "Review milestones:". */
  intro: string;
  items: CellItem[];
}

const BULLET = /^[•●▪◦‣∙·○■□➢►✓\-*–—]\s*/;
const TOKEN = String.raw`(?:[a-z]|\d{1,2})`;
const SEPARATOR = String.raw`\s*(?:,|&|\band\b|-|–|to)\s*`;
/** A label group at the start of a line: "a.", "(b)", "2)", "b and c.", "b-d.". */
const LABEL_AT_START = new RegExp(String.raw`^\(?(${TOKEN}(?:${SEPARATOR}${TOKEN})*)[.)](?:\s+|$)`, 'i');
/** The same, anywhere after a space, for lettered items written on one line. */
const LABEL_INLINE = new RegExp(String.raw`(^|\s)\(?(${TOKEN}(?:${SEPARATOR}${TOKEN})*)[.)](?=\s|$)`, 'gi');

export function splitCellList(text: string): CellList {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 0) return { intro: '', items: [] };
  if (lines.length === 1) return { intro: '', items: withText(splitOneLine(lines[0] ?? '')) };
  const marked = lines.map(readMarker);
  if (marked.every((m) => m === null))
    return { intro: '', items: lines.map((line) => ({ labels: [], text: line })) };

  const intro: string[] = [];
  const items: CellItem[] = [];
  lines.forEach((line, i) => {
    const item = marked[i];
    const last = items[items.length - 1];
    if (item) items.push(item);
    else if (last)
      last.text = `${last.text}\n${line}`; // a wrapped line belongs to the item above
    else intro.push(line);
  });
  return { intro: intro.join('\n'), items: withText(items) };
}

/** A bullet with nothing after it is not an item; a label with nothing after it still says something. */
function withText(items: CellItem[]): CellItem[] {
  return items.filter((item) => item.text !== '' || item.labels.length > 0);
}

function readMarker(line: string): CellItem | null {
  const bullet = BULLET.exec(line);
  if (bullet) return { labels: [], text: line.slice(bullet[0].length).trim() };
  const label = LABEL_AT_START.exec(line);
  if (label) return { labels: expandLabels(label[1] ?? ''), text: line.slice(label[0].length).trim() };
  return null;
}

/** One line holds one item, unless it runs through labels in order: "a. X b. Y c. Z". */
function splitOneLine(line: string): CellItem[] {
  const first = readMarker(line);
  if (!first || first.labels.length === 0) return [first ?? { labels: [], text: line }];

  const starts: { at: number; end: number; labels: string[] }[] = [];
  let expected = nextLabel(first.labels[first.labels.length - 1] ?? '');
  const openingLength = line.length - first.text.length;
  const upperCase = /^\(?[A-Z]/.test(line);
  for (const match of line.slice(openingLength).matchAll(LABEL_INLINE)) {
    const group = match[2] ?? '';
    const labels = expandLabels(group);
    // Only the next label in sequence, in the same case, starts an item: "e.g." or "plan B." do not.
    if (labels[0] !== expected || /^[A-Z]/.test(group) !== upperCase) continue;
    const at = openingLength + (match.index ?? 0) + (match[1] ?? '').length;
    starts.push({ at, end: openingLength + (match.index ?? 0) + match[0].length, labels });
    expected = nextLabel(labels[labels.length - 1] ?? '');
  }
  if (starts.length === 0) return [first];

  const items: CellItem[] = [];
  let textStart = openingLength;
  let labels = first.labels;
  for (const start of starts) {
    items.push({ labels, text: line.slice(textStart, start.at).trim() });
    textStart = start.end;
    labels = start.labels;
  }
  items.push({ labels, text: line.slice(textStart).trim() });
  return items;
}

/** "b and c" -> [b, c]; "b-d" -> [b, c, d]; "2, 3" -> [2, 3]. */
function expandLabels(group: string): string[] {
  const tokens = group.toLowerCase().match(/[a-z]{2,}|[a-z]|\d{1,2}|-|–|\bto\b/g) ?? [];
  const labels: string[] = [];
  let range = false;
  for (const token of tokens) {
    if (token === 'and') continue;
    if (token === '-' || token === '–' || token === 'to') {
      range = true;
      continue;
    }
    const previous = labels[labels.length - 1];
    if (range && previous !== undefined) {
      for (
        let label = nextLabel(previous);
        label !== '' && label !== token && labels.length < 26;
        label = nextLabel(label)
      ) {
        labels.push(label);
      }
    }
    range = false;
    labels.push(token);
  }
  return labels;
}

function nextLabel(label: string): string {
  if (/^\d+$/.test(label)) return String(Number(label) + 1);
  if (/^[a-y]$/.test(label)) return String.fromCharCode(label.charCodeAt(0) + 1);
  return '';
}

export interface ItemPair {
  action: string;
  timescale: string;
}

/**
 * Splits one row into one action per item when the timescale lists a date for each proposal:
 * by matching letters ("a. … b. …" with "a. July 2025 b and c. April 2026"), or else by equal
 * counts. Otherwise returns null: the proposals stay one action and its dates become milestones.
 */
export function pairItems(actionText: string, timescaleText: string): ItemPair[] | null {
  const actions = splitCellList(actionText);
  const timescales = splitCellList(timescaleText);
  // An intro line ("Review milestones:") says the items belong together.
  if (actions.intro !== '' || timescales.intro !== '' || actions.items.length < 2) return null;
  const byLabel = pairByLabel(actions.items, timescales.items);
  if (byLabel) return byLabel;
  if (actions.items.length !== timescales.items.length) return null;
  return actions.items.map((item, i) => ({ action: item.text, timescale: timescales.items[i]?.text ?? '' }));
}

function pairByLabel(actions: CellItem[], timescales: CellItem[]): ItemPair[] | null {
  if (
    !actions.every((item) => item.labels.length === 1) ||
    !timescales.every((item) => item.labels.length > 0)
  ) {
    return null;
  }
  const dateFor = new Map<string, string>();
  for (const item of timescales) {
    for (const label of item.labels) {
      if (dateFor.has(label)) return null;
      dateFor.set(label, item.text);
    }
  }
  const actionLabels = new Set(actions.map((item) => item.labels[0] ?? ''));
  const everyActionDated = [...actionLabels].every((label) => dateFor.has(label));
  const everyDateUsed = [...dateFor.keys()].every((label) => actionLabels.has(label));
  if (!everyActionDated || !everyDateUsed) return null;
  return actions.map((item) => ({ action: item.text, timescale: dateFor.get(item.labels[0] ?? '') ?? '' }));
}
