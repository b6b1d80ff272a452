/**
 * Coalesces concurrent writes of one kind into fewer statements. At most `lanes` batches are in
 * flight; what arrives meanwhile waits and goes out together in the next batch, as soon as a lane
 * is free. A write that finds a lane free is not held back, so a quiet server adds no latency,
 * and a busy one waits at most for the batch ahead of it.
 */
export interface WriteBatcherOptions {
  /** Batches in flight at once: each holds one database connection. */
  readonly lanes: number;
  /** The most items one batch takes; the rest wait for the next. */
  readonly maxBatch: number;
}

/**
 * Writes a batch. The result has one entry per item, in order, so one item's failure (a
 * duplicate key, a value too long) need not fail the others; a rejection fails them all.
 */
export type BatchWriter<T, R> = (items: readonly T[]) => Promise<readonly PromiseSettledResult<R>[]>;

interface Waiting<T, R> {
  readonly item: T;
  resolve(value: R): void;
  reject(reason: unknown): void;
}

export class WriteBatcher<T, R> {
  private readonly queue: Waiting<T, R>[] = [];
  private busyLanes = 0;
  /** Batches handed to the writer and items in them, for tests and diagnostics. */
  batches = 0;
  items = 0;

  constructor(
    private readonly write: BatchWriter<T, R>,
    private readonly options: WriteBatcherOptions,
  ) {
    if (!(options.lanes >= 1 && options.maxBatch >= 1)) throw new Error('lanes and maxBatch must be at least 1');
  }

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.busyLanes < this.options.lanes) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busyLanes += 1;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatch);
        this.batches += 1;
        this.items += batch.length;
        await this.settle(batch);
      }
    } finally {
      this.busyLanes -= 1;
    }
  }

  /** Items waiting for a lane. */
  get queued(): number {
    return this.queue.length;
  }

  private async settle(batch: readonly Waiting<T, R>[]): Promise<void> {
    let results: readonly PromiseSettledResult<R>[];
    try {
      results = await this.write(batch.map((waiting) => waiting.item));
      if (results.length !== batch.length) throw new Error(`batch of ${batch.length} answered ${results.length}`);
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, i) => {
      const result = results[i];
      if (result?.status === 'fulfilled') waiting.resolve(result.value);
      else if (result?.status === 'rejected') waiting.reject(result.reason);
      else waiting.reject(new Error(`batch answered item ${i} with neither a value nor a reason`));
    });
  }
}
