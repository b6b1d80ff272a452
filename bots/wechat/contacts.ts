import { randomBytes } from 'node:crypto';
import type { Contact as ContactInterface, Wechaty } from 'wechaty';
import type { BotLog } from './log';
import type { PortalClient } from './portal-client';

const HANDLE = /^cc-[a-z0-9]{10}$/;

/**
 * Finds residents again. Contact ids change on some puppets (web protocol: at every log-in), so
 * the bot gives each resident a remark of its own (`cc-…`, the handle) and the portal keeps it
 * with their reports: a contact is found by id, else by that remark, and the portal is told the
 * new id.
 */
export class ContactDirectory {
  private readonly handles = new Map<string, string>();
  private readonly announced = new Set<string>();

  constructor(
    private readonly bot: Wechaty,
    private readonly portal: PortalClient,
    private readonly log: BotLog,
  ) {}

  /** The resident's handle, set as the contact's remark the first time the bot meets them. */
  async handleOf(contact: ContactInterface): Promise<string> {
    const known = this.handles.get(contact.id);
    if (known) return known;
    let handle = await contact.alias().catch(() => undefined);
    if (handle && HANDLE.test(handle)) {
      // A returning resident: their id may have changed since their last report.
      await this.announce(handle, contact.id);
    } else {
      handle = `cc-${randomBytes(8)
        .toString('base64url')
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '0')
        .slice(0, 10)}`;
      // Some puppets cannot set remarks; the handle is still kept with the reports.
      await contact.alias(handle).catch((error: unknown) => this.log.debug({ err: String(error) }, 'remark not set'));
    }
    this.handles.set(contact.id, handle);
    return handle;
  }

  /** The contact an update is for: by id, else by handle (telling the portal the new id), else none. */
  async find(id: string, handle: string | null): Promise<ContactInterface | undefined> {
    const byId = await this.bot.Contact.find({ id }).catch(() => undefined);
    if (byId) return byId;
    if (!handle) return undefined;
    const byHandle = await this.bot.Contact.find({ alias: handle }).catch(() => undefined);
    if (!byHandle) return undefined;
    this.log.info({}, 'resident found again by remark; their new contact id goes to the portal');
    this.handles.set(byHandle.id, handle);
    await this.announce(handle, byHandle.id);
    return byHandle;
  }

  /** Tells the portal a handle's current id; a portal that is down hears it next time instead. */
  private async announce(handle: string, id: string): Promise<void> {
    const key = `${handle}:${id}`;
    if (this.announced.has(key)) return;
    try {
      await this.portal.moveHandle(handle, id);
      this.announced.add(key);
    } catch (error) {
      this.log.warn({ reason: String(error) }, 'could not tell the portal a resident’s new contact id; will retry');
    }
  }
}
