import { describe, expect, it } from 'vitest';
import { MemorySheet } from '../../core/memory-sheet.js';
import { ActionFields } from '../../core/plan.js';
import { type SheetPort, type SheetState, type SyncOutcome, syncSheet } from '../../core/sync-run.js';
import { MemoryPlanServer } from '../addin/memory-plan-server.js';

const newRow = (action: string) => ({ id: null, fields: ActionFields.parse({ action, order: 1 }) });

describe('syncSheet', () => {
  it('when a sync finishes, then its summary carries the base the sheet was left with', async () => {
    const sheet = new MemorySheet([newRow('Refresh the member-officer protocol')]);

    const summary = await syncSheet(sheet, new MemoryPlanServer());

    expect(summary.base).toEqual(sheet.base);
    expect(Object.keys(summary.base.rows)).toEqual([sheet.rows[0]?.id]);
  });

  it('when the port writes, then it is handed back the very read it gave, so it need remember nothing', async () => {
    const sheet = new MemorySheet([newRow('Set a balanced budget')]);
    const given: SheetState[] = [];
    const handedBack: SheetState[] = [];
    const port: SheetPort = {
      read: async () => {
        const read = await sheet.read();
        given.push(read);
        return read;
      },
      write: async (read: SheetState, outcome: SyncOutcome) => {
        handedBack.push(read);
        await sheet.write(read, outcome);
      },
    };

    await syncSheet(port, new MemoryPlanServer());

    expect(handedBack).toHaveLength(1);
    expect(handedBack[0]).toBe(given[0]);
  });
});
