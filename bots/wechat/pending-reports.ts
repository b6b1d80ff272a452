import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { NewReport } from './portal-client';

/** A report the portal could not take yet: kept on disk, so not even a restart of the bot loses it. */
export interface PendingReport {
  readonly key: string;
  readonly contactId: string;
  readonly report: NewReport;
  /** Photos not uploaded yet (base64), uploaded before the report is sent. */
  readonly photos: readonly { name: string; base64: string }[];
  readonly attempts: number;
  readonly nextAt: number;
}

export class PendingReports {
  private items: PendingReport[] = [];
  private readonly file: string;

  constructor(stateDir: string, onCorrupt: (movedTo: string) => void = () => undefined) {
    mkdirSync(stateDir, { recursive: true });
    this.file = path.join(stateDir, 'pending-reports.json');
    if (!existsSync(this.file)) return;
    try {
      this.items = JSON.parse(readFileSync(this.file, 'utf8')) as PendingReport[];
    } catch {
      // Kept aside for a person to look at, never overwritten by the next save.
      const aside = `${this.file}.corrupt-${Date.now()}`;
      renameSync(this.file, aside);
      onCorrupt(aside);
    }
  }

  /** Replaces an item (keeping its place), e.g. once its photos are uploaded. */
  update(item: PendingReport): void {
    this.items = this.items.map((i) => (i.key === item.key ? item : i));
    this.save();
  }

  get size(): number {
    return this.items.length;
  }

  add(item: PendingReport): void {
    this.items = [...this.items.filter((i) => i.key !== item.key), item];
    this.save();
  }

  due(now: number): PendingReport[] {
    return this.items.filter((item) => item.nextAt <= now);
  }

  remove(key: string): void {
    this.items = this.items.filter((item) => item.key !== key);
    this.save();
  }

  private save(): void {
    // Written aside and renamed, so a crash mid-write never leaves half a file.
    writeFileSync(`${this.file}.part`, JSON.stringify(this.items));
    renameSync(`${this.file}.part`, this.file);
  }
}
