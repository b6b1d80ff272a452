export interface Logger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface RunningJob {
  /** Stops the timer and waits for a round in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `round` now and then every `intervalSeconds`, never two rounds at once in this process.
 * A failed round is logged and the next one tries again. The timer does not keep the process
 * alive on its own.
 */
export function startIntervalJob(options: {
  name: string;
  intervalSeconds: number;
  log: Logger;
  round: () => Promise<void>;
}): RunningJob {
  let running: Promise<void> | undefined;
  const once = () =>
    options
      .round()
      .catch((error: unknown) => options.log.error({ err: error }, `${options.name} round failed; next round retries`))
      .finally(() => (running = undefined));
  const timer = setInterval(() => {
    running ??= once();
  }, options.intervalSeconds * 1000);
  timer.unref();
  running = once();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
