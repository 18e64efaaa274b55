/** The plan's recommendations as the grid mentions them: one entry per number, first words kept. */
import type { ReadRecommendation } from './grid-types.js';
import type { RecommendationRef } from './recommendation-ref.js';

export class RecommendationList {
  private readonly byNumber = new Map<string, ReadRecommendation>();

  add(ref: RecommendationRef): void {
    for (const number of ref.numbers) {
      const known = this.byNumber.get(number);
      if (!known) {
        this.byNumber.set(number, { number, text: ref.text, code: ref.code });
        continue;
      }
      // Rows after the first usually just say "Recommendation 3"; the first to give words wins.
      if (known.text === '' && ref.text !== '') known.text = ref.text;
      if (known.code === null && ref.code !== null) known.code = ref.code;
    }
  }

  list(): ReadRecommendation[] {
    return [...this.byNumber.values()];
  }
}
