export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The maintenance database, from which test databases are created and dropped. */
export function adminUrl(serverUrl: string): string {
  return withDatabase(serverUrl, 'postgres');
}

/** The test server's URL, set by global set-up for every worker. */
export function testServerUrl(): string {
  const url = process.env.TEST_SERVER_URL;
  if (!url) throw new Error('TEST_SERVER_URL is not set: run the tests through jest (npm test)');
  return url;
}
