/**
 * Reads the free-text Timescale column of a peer-challenge action plan ("Dec 21 review",
 * "2020/21 – by December 2020", "Underway") into a due date, milestones and a status.
 * It never guesses beyond the text: what it cannot read stays null, with a warning.
 */
import type { Milestone, Status } from './plan.js';
import { type DateMention, findDateMentions, isWithin, type Period } from './timescale-periods.js';

export interface TimescaleReading {
  due: string | null;
  milestones: Milestone[];
  status?: Status;
  warnings: string[];
}

/** The Timescale column holds at most 1,000 characters, so nothing longer is worth reading. */
const READ_LIMIT = 1_000;
/** An action holds at most 50 milestones. */
const MILESTONE_LIMIT = 50;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
/** Words that say a date is deliberately not given, so its absence needs no warning. */
const NO_DATE_INTENDED =
  /\b(?:tbc|tba|tbd|to be (?:confirmed|agreed|decided)|as and when|as required|n\/a)\b/i;

export function readTimescale(text: string): TimescaleReading {
  const written = typeof text === 'string' ? text : '';
  const cell = written.slice(0, READ_LIMIT).replace(CONTROL_CHARACTERS, ' ');
  const warnings = written.length > READ_LIMIT ? [`only the first ${READ_LIMIT} characters were read`] : [];
  if (cell.trim() === '') return { due: null, milestones: [], warnings };

  const parts = splitIntoParts(cell).map(readPart);
  const allDated = parts.flatMap((part) => part.dates);
  const dated = allDated.slice(0, MILESTONE_LIMIT);
  const problems = parts.flatMap((part) => part.warnings);
  if (allDated.length > MILESTONE_LIMIT) problems.push(`only the first ${MILESTONE_LIMIT} dates were read`);
  const status = statusIn(cell);
  if (dated.length === 0 && problems.length === 0 && !status && !NO_DATE_INTENDED.test(cell)) {
    problems.push(`could not read a date in "${shortened(cell)}"`);
  }
  return {
    due: latest(dated),
    milestones: dated.length > 1 ? dated : [],
    ...(status ? { status } : {}),
    warnings: [...new Set([...warnings, ...problems])],
  };
}

// ---- parts: lines, bullets, "a; b", "a / b" and sentences --------------------------------------

const LINES_AND_BULLETS = /[\r\n\u2028\u2029•▪◦‣·]+/;
const LIST_MARKER = /^\s*(?:[-*–—]|\d{1,2}[.)])\s+/;
const PART_BREAK = /;|\s\/\s|(?<=[.!?])\s+(?=[A-Z])/;

function splitIntoParts(cell: string): string[] {
  return cell
    .split(LINES_AND_BULLETS)
    .map((line) => line.replace(LIST_MARKER, ''))
    .flatMap((line) => line.split(PART_BREAK))
    .filter((part) => part.trim() !== '');
}

// ---- one part: its dates, the year that frames them, and their labels ------------------------

type DatedMention = DateMention & { period: Period };
const isDated = (mention: DateMention): mention is DatedMention => mention.period !== null;

function readPart(part: string): { dates: Milestone[]; warnings: string[] } {
  const mentions = findDateMentions(part);
  const warnings = mentions.flatMap((mention) => (mention.problem ? [mention.problem] : []));
  const dated = mentions.filter(isDated);
  const frames = dated.filter((mention) => mention.frame);
  const exact = dated.filter((mention) => !mention.frame);
  const [frame] = frames;
  if (!frame || exact.length === 0) {
    return { dates: labelled(part, joinRanges(part, dated)), warnings };
  }
  // "2020/21 – by December 2020": the year frames the date. The explicit date is kept even when
  // it falls outside, because it is the more exact thing the officer wrote.
  for (const mention of exact) {
    if (!frames.some((candidate) => isWithin(mention.period, candidate.period))) {
      warnings.push(`${mention.written} is not in ${frame.frame}; kept ${mention.written}`);
    }
  }
  return { dates: labelled(blankOut(part, frames), joinRanges(part, exact)), warnings };
}

/** "Jan 2022 – Mar 2022", "2020/21 to 2021/22": one period ending at the later end. */
const RANGE_CONNECTOR = /^\s*(?:[-–—/&]|to|until|till|through|and|or)\s*$/i;

function joinRanges(part: string, mentions: DatedMention[]): DatedMention[] {
  const joined: DatedMention[] = [];
  for (const mention of mentions) {
    const previous = joined.at(-1);
    if (previous && RANGE_CONNECTOR.test(part.slice(previous.end, mention.start))) {
      const later = mention.period.to > previous.period.to ? mention : previous;
      joined[joined.length - 1] = {
        ...previous,
        end: mention.end,
        written: part.slice(previous.start, mention.end),
        period: { from: previous.period.from, to: later.period.to },
      };
    } else {
      joined.push(mention);
    }
  }
  return joined;
}

/**
 * Each date is labelled with the words around it. "Dec 21 review Feb 22 implement" puts words after
 * its dates and "Review Dec 21, implement Feb 22" before them; which it is shows at the start.
 */
function labelled(words: string, dates: DatedMention[]): Milestone[] {
  const first = dates[0];
  if (!first) return [];
  if (dates.length === 1) {
    return [milestone(first, words.slice(0, first.start), words.slice(first.end))];
  }
  const datesFirst = wordsBefore(words.slice(0, first.start)) === '';
  return dates.map((date, i) =>
    datesFirst
      ? milestone(date, '', words.slice(date.end, dates[i + 1]?.start))
      : milestone(date, words.slice(dates[i - 1]?.end ?? 0, date.start), ''),
  );
}

function milestone(date: DatedMention, before: string, after: string): Milestone {
  const label = [wordsBefore(before), wordsAfter(after)].filter(Boolean).join(' ');
  return { label: label || date.written.trim(), due: date.period.to };
}

const blankOut = (text: string, mentions: DateMention[]) =>
  mentions.reduce((s, m) => s.slice(0, m.start) + ' '.repeat(m.end - m.start) + s.slice(m.end), text);

/** "by", "end of", "no later than" … before a date say nothing the date does not. */
const LEAD_IN =
  /(?:^|\s)(?:by|before|due|deadline|no later than|end|the|of|in|from|during|around|until|till|early|mid|late|start of|beginning of|w\/c|on|at)$/i;
const LEAD_OUT = /^(?:onwards?|then|and)(?=\s|$)/i;

function wordsBefore(text: string): string {
  let label = text;
  for (let previous = ''; previous !== label; ) {
    previous = label;
    label = label.replace(/[\s,.:;–—(-]+$/, '').replace(LEAD_IN, '');
  }
  return label.replace(/\s+/g, ' ').trim();
}

function wordsAfter(text: string): string {
  let label = text;
  for (let previous = ''; previous !== label; ) {
    previous = label;
    label = label.replace(/^[\s,.:;–—)-]+/, '').replace(LEAD_OUT, '');
  }
  return label.replace(/[\s,.:;–—(-]+$/, '').replace(/\s+/g, ' ');
}

// ---- the rest ---------------------------------------------------------------------------------

const ONGOING = /\b(?:on-?going|under\s?way|in progress)\b/gi;
const COMPLETE = /\b(?:completed?|delivered|done)\b/gi;
/** "to be complete by 2024/25" and "not yet underway" say the opposite of the status word. */
const NOT_YET = /\b(?:not|yet|no longer|to be|will be|should be|must be|to|once|when|until|if)\s+$/i;
const BY_A_DATE = /^\s+by\b/i;

function says(cell: string, words: RegExp): boolean {
  return [...cell.matchAll(words)].some(
    (match) =>
      !NOT_YET.test(cell.slice(Math.max(0, match.index - 20), match.index)) &&
      !BY_A_DATE.test(cell.slice(match.index + match[0].length)),
  );
}

/** Ongoing wins over Complete: "phase 1 complete, phase 2 ongoing" is not finished. */
function statusIn(cell: string): Status | undefined {
  if (says(cell, ONGOING)) return 'Ongoing';
  if (says(cell, COMPLETE)) return 'Complete';
  return undefined;
}

function latest(dates: Milestone[]): string | null {
  return dates.reduce<string | null>(
    (max, { due }) => (due !== null && (max === null || due > max) ? due : max),
    null,
  );
}

function shortened(cell: string): string {
  const oneLine = cell.replace(/\s+/g, ' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine;
}
