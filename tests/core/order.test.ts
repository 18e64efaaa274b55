import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byCodeUnits, bySheetOrder } from '../../core/order.js';

describe('byCodeUnits', () => {
  it('when ISO dates are sorted, then they come out in calendar order', () => {
    expect(['2025-03-31', '2024-12-01', '2025-01-06', '9999'].sort(byCodeUnits)).toEqual([
      '2024-12-01',
      '2025-01-06',
      '2025-03-31',
      '9999',
    ]);
  });

  it('for any two dates, then the order is the order of their times', () => {
    const day = fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true });
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [x, y] = [a.toISOString().slice(0, 10), b.toISOString().slice(0, 10)];
        expect(Math.sign(byCodeUnits(x, y))).toBe(Math.sign(Date.parse(x) - Date.parse(y)));
      }),
    );
  });
});

describe('bySheetOrder', () => {
  it('when rows share an order, then the id settles it', () => {
    const rows = [
      { order: 2, id: '01JD0000000000000000000002' },
      { order: 1, id: '01JD0000000000000000000009' },
      { order: 2, id: '01JD0000000000000000000001' },
    ];
    expect(rows.sort(bySheetOrder).map((r) => r.id)).toEqual([
      '01JD0000000000000000000009',
      '01JD0000000000000000000001',
      '01JD0000000000000000000002',
    ]);
  });
});
