import pino from 'pino';

type DestinationFile = ReturnType<typeof pino.destination>;

/**
 * Standard output (or the file `dest`), written in batches of about `bufferBytes`: one system
 * call (and one wake-up of the thread pool) per request was a measurable share of a busy server's
 * time. A quiet server would then hold its few lines indefinitely, so whatever is held is written
 * out at least every `flushMs` as well, and pino writes out the rest when the process exits.
 * With `bufferBytes` 0 each line is handed to the operating system as soon as it is logged.
 */
export function logDestination(bufferBytes: number, flushMs = 1000, dest: number | string = 1): DestinationFile {
  return pino.destination({
    dest,
    sync: false,
    minLength: bufferBytes,
    // sonic-boom refuses a buffer as large as its largest single write (16 KB by default); with
    // room for twice the buffer, a full buffer and the line that tipped it over go out together.
    maxWrite: Math.max(16 * 1024, bufferBytes * 2),
    ...(bufferBytes > 0 ? { periodicFlush: flushMs } : {}),
  });
}
