import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/client.js';
import { MemorySheet } from '../../core/memory-sheet.js';
import { ActionFields } from '../../core/plan.js';
import type { SyncJournal } from '../../core/sync-journal.js';
import type { SyncRequest } from '../../core/sync-protocol.js';
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

  describe('when an earlier sync is replayed under its key', () => {
    const earlierRequest: SyncRequest = { cursor: 0, changes: [], idempotencyKey: 'earlier-sync-0001' };
    const journal = (): SyncJournal => ({
      earlier: { newRows: [], sent: [{ at: new Date().toISOString(), request: earlierRequest }] },
      begin: async () => {},
      sent: async () => {},
    });
    /** The plan server, except that the replayed request is answered with this problem. */
    const answeringReplay = (status: number, type: string) => {
      const server = new MemoryPlanServer();
      return {
        sync: async (request: SyncRequest) => {
          if (request.idempotencyKey === earlierRequest.idempotencyKey)
            throw new ApiError(status, {
              type: `https://api/problems/${type}`,
              title: 't',
              status,
              detail: 'd',
            });
          return server.sync(request);
        },
      };
    };

    it("when the server says the key is another request's, then the replay is dropped and the sync goes on", async () => {
      const sheet = new MemorySheet([newRow('Refresh the member-officer protocol')]);

      const summary = await syncSheet(sheet, answeringReplay(422, 'idempotency-key-reused'), {
        journal: journal(),
      });

      expect(summary.pushed).toBe(1);
    });

    it('when the server answers with a problem that is not about the key, then the sync stops with it', async () => {
      const sheet = new MemorySheet([newRow('Refresh the member-officer protocol')]);

      const sync = syncSheet(sheet, answeringReplay(409, 'already-exists'), { journal: journal() });

      await expect(sync).rejects.toThrow(ApiError);
      expect(sheet.rows[0]?.id).toBeNull();
    });
  });
});
