import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { logDestination } from '../../src/http/log-destination';

const lines = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, ms = 5000): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > ms) throw new Error('timed out');
    await sleep(20);
  }
}

describe('log destination', () => {
  let dir: string;
  const opened: ReturnType<typeof logDestination>[] = [];
  const open = (...args: Parameters<typeof logDestination>) => {
    const destination = logDestination(...args);
    opened.push(destination);
    return destination;
  };
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-log-'))));
  afterEach(() => {
    for (const destination of opened.splice(0)) destination.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds lines back until the buffer fills, then writes them together', async () => {
    const file = path.join(dir, 'out.log');
    const destination = open(200, 60_000, file);
    await until(() => fs.existsSync(file));
    destination.write('{"msg":"one"}\n');
    await sleep(100);
    expect(lines(file)).toEqual([]);
    for (let i = 0; i < 20; i++) destination.write(`{"msg":"line ${i}"}\n`);
    await until(() => lines(file).length > 0);
    expect(lines(file)[0]).toBe('{"msg":"one"}');
  });

  it('writes what a quiet server logged within the flush interval', async () => {
    const file = path.join(dir, 'out.log');
    const destination = open(4096, 100, file);
    await until(() => fs.existsSync(file));
    destination.write('{"msg":"quiet"}\n');
    await until(() => lines(file).length === 1);
    expect(lines(file)).toEqual(['{"msg":"quiet"}']);
  });

  it('takes any buffer size the settings allow, up to 1 MB', async () => {
    const file = path.join(dir, 'out.log');
    const destination = open(1_048_576, 60_000, file);
    await until(() => fs.existsSync(file));
    const line = `{"msg":"${'x'.repeat(1000)}"}\n`;
    for (let i = 0; i < 1100; i++) destination.write(line);
    await until(() => lines(file).length >= 1000);
    expect(lines(file)[0]).toBe(line.trim());
  });

  it('writes each line at once with no buffer', async () => {
    const file = path.join(dir, 'out.log');
    const destination = open(0, 60_000, file);
    await until(() => fs.existsSync(file));
    destination.write('{"msg":"now"}\n');
    await until(() => lines(file).length === 1);
  });
});
