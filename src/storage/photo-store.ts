import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where photo bytes live. Local disk by default; an S3-compatible store can implement the same
 * two methods when several servers share the photos.
 */
export interface PhotoStore {
  /** Stores the bytes and returns the key to find them again. */
  save(bytes: Buffer, extension: string): Promise<string>;
  read(key: string): Promise<Buffer>;
}

const KEY_PATTERN = /^\d{4}-\d{2}\/[0-9a-f-]{36}\.(jpg|png|webp)$/;

export class LocalDiskPhotoStore implements PhotoStore {
  constructor(private readonly root: string) {}

  async save(bytes: Buffer, extension: string): Promise<string> {
    const month = new Date().toISOString().slice(0, 7);
    const key = `${month}/${randomUUID()}.${extension}`;
    const file = path.join(this.root, key);
    await mkdir(path.dirname(file), { recursive: true });
    // Written under a temporary name first, so a crash never leaves half a photo under its key.
    await writeFile(`${file}.part`, bytes);
    await rename(`${file}.part`, file);
    return key;
  }

  async read(key: string): Promise<Buffer> {
    // Keys come from our own database, but a key is still never allowed to leave the folder.
    if (!KEY_PATTERN.test(key)) throw new Error(`not a photo key: ${key}`);
    return readFile(path.join(this.root, key));
  }
}
