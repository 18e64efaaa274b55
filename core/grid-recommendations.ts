/** The plan's recommendations as the grid mentions them: one entry per number, first words kept. */
import type { ReadRecommendation } from './grid-types.js';
import type { RecommendationRef } from './recommendation-ref.js';

export class RecommendationList {
  private readonly byNumber = new Map<string, ReadRecommendation>();

  /** Returns the numbers this reference describes differently from an earlier row. */
  add(ref: RecommendationRef): string[] {
    const differing: string[] = [];
    for (const number of ref.numbers) {
      const known = this.byNumber.get(number);
      if (!known) {
        this.byNumber.set(number, { number, text: ref.text, code: ref.code });
        continue;
      }
      // Rows after the first usually just say "Recommendation 3"; the first to give words wins.
      if (known.text === '') known.text = ref.text;
      else if (ref.text !== '' && ref.text !== known.text) differing.push(number);
      if (known.code === null) known.code = ref.code;
      else if (ref.code !== null && ref.code !== known.code) differing.push(number);
    }
    return [...new Set(differing)];
  }

  /**
   * A recommendation the plan gives no number (the peer team's finding beside a proposal, a
   * recommendation written across the table): the same words get the same number, else the next free one.
   */
  addUnnumbered(text: string): string {
    for (const known of this.byNumber.values()) if (known.text === text) return known.number;
    let n = 1;
    while (this.byNumber.has(String(n))) n++;
    const number = String(n);
    this.byNumber.set(number, { number, text, code: null });
    return number;
  }

  list(): ReadRecommendation[] {
    return [...this.byNumber.values()];
  }
}
