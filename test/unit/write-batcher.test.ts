import { WriteBatcher } from '../../src/db/write-batcher';

/** A writer whose batches stay open until the test finishes them, one by one. */
function heldWriter() {
  const open: {
    items: readonly number[];
    finish(results?: PromiseSettledResult<string>[]): void;
    fail(e: Error): void;
  }[] = [];
  const write = (items: readonly number[]) =>
    new Promise<readonly PromiseSettledResult<string>[]>((resolve, reject) => {
      open.push({
        items,
        finish: (results) =>
          resolve(results ?? items.map((item) => ({ status: 'fulfilled' as const, value: `stored ${item}` }))),
        fail: reject,
      });
    });
  return { open, write };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('WriteBatcher', () => {
  it('sends a write at once while a lane is free, and what arrives meanwhile together in the next batch', async () => {
    const { open, write } = heldWriter();
    const batcher = new WriteBatcher(write, { lanes: 1, maxBatch: 10 });
    const first = batcher.add(1);
    await turn();
    expect(open.map((b) => b.items)).toEqual([[1]]);
    const waiting = [batcher.add(2), batcher.add(3), batcher.add(4)];
    await turn();
    expect(open).toHaveLength(1);
    open[0].finish();
    await expect(first).resolves.toBe('stored 1');
    await turn();
    expect(open.map((b) => b.items)).toEqual([[1], [2, 3, 4]]);
    open[1].finish();
    await expect(Promise.all(waiting)).resolves.toEqual(['stored 2', 'stored 3', 'stored 4']);
    expect([batcher.batches, batcher.items]).toEqual([2, 4]);
  });

  it('keeps as many batches in flight as it has lanes, and no batch larger than maxBatch', async () => {
    const { open, write } = heldWriter();
    const batcher = new WriteBatcher(write, { lanes: 2, maxBatch: 2 });
    const all = [1, 2, 3, 4, 5, 6].map((item) => batcher.add(item));
    await turn();
    expect(open.map((b) => b.items)).toEqual([[1], [2]]);
    open[0].finish();
    await turn();
    expect(open.map((b) => b.items)).toEqual([[1], [2], [3, 4]]);
    open[1].finish();
    await turn();
    expect(open.map((b) => b.items)).toEqual([[1], [2], [3, 4], [5, 6]]);
    open[2].finish();
    open[3].finish();
    await expect(Promise.all(all)).resolves.toHaveLength(6);
  });

  it("fails only the item the writer says failed; the batch's other items are stored", async () => {
    const { open, write } = heldWriter();
    const batcher = new WriteBatcher(write, { lanes: 1, maxBatch: 10 });
    const blocker = batcher.add(0);
    await turn();
    const [a, b, c] = [batcher.add(1), batcher.add(2), batcher.add(3)];
    open[0].finish();
    await blocker;
    await turn();
    open[1].finish([
      { status: 'fulfilled', value: 'stored 1' },
      { status: 'rejected', reason: new Error('duplicate key') },
      { status: 'fulfilled', value: 'stored 3' },
    ]);
    await expect(a).resolves.toBe('stored 1');
    await expect(b).rejects.toThrow('duplicate key');
    await expect(c).resolves.toBe('stored 3');
  });

  it('fails every item of a batch the writer could not write at all, and goes on with the next', async () => {
    const { open, write } = heldWriter();
    const batcher = new WriteBatcher(write, { lanes: 1, maxBatch: 10 });
    const blocker = batcher.add(0);
    await turn();
    const first = [batcher.add(1), batcher.add(2)];
    open[0].finish();
    await blocker;
    await turn();
    expect(open[1].items).toEqual([1, 2]);
    const later = batcher.add(3);
    open[1].fail(new Error('connection terminated'));
    for (const item of first) await expect(item).rejects.toThrow('connection terminated');
    await turn();
    expect(open[2].items).toEqual([3]);
    open[2].finish();
    await expect(later).resolves.toBe('stored 3');
  });

  it('fails a batch whose writer answered for a different number of items, rather than mismatching them', async () => {
    const batcher = new WriteBatcher(async () => [{ status: 'fulfilled' as const, value: 'one answer' }], {
      lanes: 1,
      maxBatch: 10,
    });
    // The first goes alone (the lane was free); the two after it wait and go together.
    const [a, b, c] = [batcher.add(1), batcher.add(2), batcher.add(3)];
    await expect(a).resolves.toBe('one answer');
    await expect(b).rejects.toThrow('batch of 2 answered 1');
    await expect(c).rejects.toThrow('batch of 2 answered 1');
  });

  it('refuses settings that could never write anything', () => {
    expect(() => new WriteBatcher(async () => [], { lanes: 0, maxBatch: 5 })).toThrow();
    expect(() => new WriteBatcher(async () => [], { lanes: 1, maxBatch: 0 })).toThrow();
  });
});
