/**
 * Page weight of the resident form: what a phone downloads on the first visit to `/` (HTML, CSS,
 * JavaScript — photos aside), as Debian's Chromium loads it from the real server. Prints each
 * file's size as sent and gzip-compressed (what a reverse proxy with compression sends).
 *   npm run bench:page-weight
 */
import { gzipSync } from 'node:zlib';
import { createDataSource } from '../ormconfig';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { launchChromium } from '../test/support/browser';
import { unclassified } from '../src/domain/classification/classifier';

const TARGET_BYTES = 150 * 1024;

async function main(): Promise<void> {
  // The form page and its files come from templates and disk: no database is touched.
  const dataSource = createDataSource('postgres://unused@127.0.0.1:1/unused', { poolSize: 1, logQueries: false });
  const app = await buildApp({
    config: loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', SESSION_COOKIE_SECURE: 'false' }),
    dataSource,
    classifier: { classify: unclassified },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    const files: { url: string; type: string; bytes: number; gzip: number }[] = [];
    page.on('response', async (response) => {
      const body = await response.body().catch(() => Buffer.alloc(0));
      files.push({
        url: response.url().replace(base, ''),
        type: (response.headers()['content-type'] ?? '').split(';')[0]!,
        bytes: body.length,
        gzip: gzipSync(body).length,
      });
    });
    await page.goto(`${base}/`, { waitUntil: 'networkidle' });
    await page.waitForTimeout(200);
    const total = files.reduce((sum, f) => sum + f.bytes, 0);
    const gzip = files.reduce((sum, f) => sum + f.gzip, 0);
    console.log('first load of / at phone size (390×844), before any photo:');
    for (const f of files) {
      console.log(`  ${f.url.padEnd(24)} ${f.type.padEnd(24)} ${String(f.bytes).padStart(7)} B  (gzip ${f.gzip} B)`);
    }
    console.log(`  ${'total'.padEnd(49)} ${String(total).padStart(7)} B  (gzip ${gzip} B)`);
    console.log(`target: under ${TARGET_BYTES} B uncompressed — ${total < TARGET_BYTES ? 'met' : 'NOT met'}`);
  } finally {
    await browser.close();
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
