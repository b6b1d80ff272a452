import { Worker } from 'node:worker_threads';

export interface DecodedPixels {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes per pixel. */
  readonly data: Uint8Array;
}

/**
 * Runs in a worker thread: HEIC decoding is synchronous WebAssembly that would otherwise stop the
 * server for the whole decode. The picture's size is read from its header first, and a picture
 * larger than allowed is refused before a single pixel is decoded (a small file can declare an
 * enormous picture).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const decode = require(workerData.module);
(async () => {
  const images = await decode.all({ buffer: workerData.bytes });
  const first = images[0];
  if (!first) throw new Error('no picture in the HEIF file');
  if (first.width * first.height > workerData.maxPixels) {
    parentPort.postMessage({ error: 'picture of ' + first.width + 'x' + first.height + ' exceeds the pixel limit' });
    return;
  }
  const { width, height, data } = await first.decode();
  const copy = new Uint8Array(data);
  parentPort.postMessage({ width, height, data: copy }, [copy.buffer]);
})().catch((error) => parentPort.postMessage({ error: String((error && error.message) || error) }));
`;

export function decodeHeic(bytes: Buffer, options: { maxPixels: number; timeoutMs?: number }): Promise<DecodedPixels> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module: require.resolve('heic-decode'), bytes, maxPixels: options.maxPixels },
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error('HEIC decoding took too long'));
    }, options.timeoutMs ?? 30_000);
    const finish = () => {
      clearTimeout(timer);
      void worker.terminate();
    };
    worker.once('message', (message: { error?: string } & Partial<DecodedPixels>) => {
      finish();
      if (message.error || !message.data) reject(new Error(message.error ?? 'HEIC decoding failed'));
      else resolve({ width: message.width!, height: message.height!, data: message.data });
    });
    worker.once('error', (error) => {
      finish();
      reject(error);
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`HEIC decoder stopped with code ${code}`));
    });
  });
}
