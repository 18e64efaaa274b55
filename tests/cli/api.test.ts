import { describe, expect, it } from 'vitest';
import { apiErrorLine } from '../../cli/api.js';
import { ApiReplyError } from '../../core/client.js';

describe("the command's line for an API failure", () => {
  it('when the API answers something this version does not understand, then the line says so and what to do', () => {
    const error = new ApiReplyError('GET /me', 'role Invalid option');
    expect(apiErrorLine(error, 'https://plans.example')).toBe(
      'the plans API at https://plans.example answered something this version does not understand (GET /me: role Invalid option): update plans to the version the API runs (or ask whoever runs the API which that is)',
    );
  });
});
