import fs from 'node:fs';
import path from 'node:path';
import { findProjectRoot } from './config';

/** Reads `.env` from the project folder when there is one; real environment variables win. */
export function loadEnvFile(): void {
  const file = path.join(findProjectRoot(), '.env');
  if (fs.existsSync(file)) process.loadEnvFile(file);
}
