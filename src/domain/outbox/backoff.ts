/** How long to wait before the next delivery attempt: doubling from `baseSeconds`, never above `maxSeconds`. */
export function retryDelaySeconds(attempts: number, baseSeconds: number, maxSeconds: number): number {
  const exponent = Math.max(0, attempts - 1);
  // 2^31 seconds is far past any cap; stopping there keeps the arithmetic finite.
  return Math.min(baseSeconds * 2 ** Math.min(exponent, 31), maxSeconds);
}

export interface RetryPolicy {
  /** Seconds a claimed message stays with its deliverer before it is offered again. */
  readonly leaseSeconds: number;
  readonly baseSeconds: number;
  readonly maxSeconds: number;
}
