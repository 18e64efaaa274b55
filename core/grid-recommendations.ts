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

  list(): ReadRecommendation[] {
    return [...this.byNumber.values()];
  }
}
