/**
 * References to the peer team's recommendations, as plans write them: "Recommendation 3",
 * "REC 3 (CRD3)", "R1:", "PCR1", "Recommendations 1 and 4", "Rec 2, 5", or just 3.
 * The number is kept as the plan writes it, so "3" in one column matches "Recommendation 3" in another.
 */

export interface RecommendationRef {
  numbers: string[];
  /** Another code the plan gives the same recommendation: CRD3 in "REC 3 (CRD3)". */
  code: string | null;
  /** The recommendation's own words after the reference, if any. */
  text: string;
}

/** "3", "2.23", "3.1.17", "4b": plans number recommendations to three levels. */
const NUMBER = String.raw`\d{1,3}(?:\.\d{1,3}){0,2}[a-z]?`;
const LIST = String.raw`${NUMBER}(?:\s*(?:,|&|\band\b|-|–|\bto\b)\s*${NUMBER})*`;
const PREFIXED = new RegExp(
  String.raw`^(?:peer\s+challenge\s+|cpc\s+)?(?:recommendations?|recs?\.?|r)\s*(?:no\.?\s*|number\s*|#\s*)?(${LIST})(?![\d.]*\d)`,
  'i',
);
/** A code on its own, such as PCR1 or CRD3: capitals straight before the number. */
const CODE_ONLY = /^([A-Z]{2,6}\d{1,3}[a-z]?)(?![A-Za-z0-9])/;
/** A lower-case code straight before its number and a stop: "ap1." (action plan point 1). */
const LOWER_CODE = /^([a-z]{1,4}\d{1,3}(?:\.\d{1,3}){0,2})(?=[.:)](?:\s|$)|$)/;
/** A bare number must end there or be followed by punctuation or a space: "3", "3.", "3 -", "3: …". */
const BARE = new RegExp(String.raw`^(${LIST})(?=$|[\s:.)\-–—])`, 'i');
const CODE_AFTER = /^\s*[([]\s*([A-Za-z]{1,6}\s?\d{1,3}[a-z]?)\s*[)\]]/;
const LEADING_BULLET = /^[\s•●▪◦·\-*–]+/;
const SEPARATOR_BEFORE_TEXT = /^\s*[:.)\-–—]+\s*/;
/** A long range is more likely a typo or a date than 40 recommendations. */
const MAX_RANGE = 30;

export function readRecommendationRef(value: string | number): RecommendationRef {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { numbers: [String(value)], code: null, text: '' } : none(String(value));
  }
  const text = value.replace(LEADING_BULLET, '').trim();
  const match = PREFIXED.exec(text) ?? CODE_ONLY.exec(text) ?? LOWER_CODE.exec(text) ?? BARE.exec(text);
  if (!match) return none(value.trim());

  let rest = text.slice(match[0].length);
  let code: string | null = null;
  const codeMatch = CODE_AFTER.exec(rest);
  if (codeMatch) {
    code = (codeMatch[1] ?? '').replace(/\s+/g, '');
    rest = rest.slice(codeMatch[0].length);
  }
  return {
    numbers: readNumberList(match[1] ?? ''),
    code,
    text: rest.replace(SEPARATOR_BEFORE_TEXT, '').trim(),
  };
}

/**
 * Every reference in a cell, one per line that starts with one; lines that do not start with a
 * reference continue the recommendation above ("The Council should:" followed by its points).
 * Text before the first reference comes back as a reference with no numbers.
 */
export function readRecommendationRefs(value: string | number): RecommendationRef[] {
  if (typeof value === 'number') return [readRecommendationRef(value)];
  const refs: RecommendationRef[] = [];
  for (const line of value.split('\n')) {
    if (line.trim() === '') continue;
    const ref = readRecommendationRef(line);
    const last = refs[refs.length - 1];
    if (ref.numbers.length > 0 || !last) refs.push(ref);
    else last.text = last.text === '' ? line.trim() : `${last.text}\n${line.trim()}`;
  }
  return refs;
}

function none(text: string): RecommendationRef {
  return { numbers: [], code: null, text };
}

function readNumberList(list: string): string[] {
  const numbers: string[] = [];
  const parts = list.split(/\s*(,|&|\band\b|-|–|\bto\b)\s*/i);
  for (let i = 0; i < parts.length; i += 2) {
    const part = (parts[i] ?? '').trim();
    const separator = (parts[i - 1] ?? '').toLowerCase();
    const previous = numbers[numbers.length - 1];
    const isRange = separator === '-' || separator === '–' || separator === 'to';
    if (isRange && previous !== undefined && /^\d+$/.test(previous) && /^\d+$/.test(part)) {
      const from = Number(previous);
      const to = Number(part);
      if (to > from && to - from <= MAX_RANGE) {
        for (let n = from + 1; n <= to; n++) numbers.push(String(n));
        continue;
      }
    }
    if (part !== '' && !numbers.includes(part)) numbers.push(part);
  }
  return numbers;
}
