import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NotFound } from '../errors';

/**
 * Where photo bytes live. Local disk by default; an S3-compatible store can implement the same
 * three methods when several servers share the photos.
 */
export interface PhotoStore {
  /** Stores the bytes and returns the key to find them again. */
  save(bytes: Buffer, extension: string): Promise<string>;
  /** The bytes under `key`; NotFound when they are gone. */
  read(key: string): Promise<Buffer>;
  /** Removes the bytes; removing what is already gone is not an error. */
  remove(key: string): Promise<void>;
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
    try {
      return await readFile(this.fileOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new NotFound('这张照片的文件已不存在', `Photo file ${key} is missing`);
      }
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.fileOf(key), { force: true });
  }

  /** Keys come from our own database, but a key is still never allowed to leave the folder. */
  private fileOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`not a photo key: ${key}`);
    return path.join(this.root, key);
  }
}
