import { createHash } from 'node:crypto';
import { types, type Contact, type Message } from 'wechaty';
import { parseCommand, type Command } from './commands';
import type { BotConfig } from './config';
import type { ContactDirectory } from './contacts';
import type { BotLog } from './log';
import type { PendingReport, PendingReports } from './pending-reports';
import { type CreatedReport, type NewReport, PortalClient, PortalRefused, PortalUnavailable } from './portal-client';
import * as say from './replies';

/** What one resident has sent so far, waiting to become one report. */
interface Draft {
  readonly contact: Contact;
  readonly firstMessageId: string;
  texts: string[];
  photoIds: string[];
  /** Photos the portal could not take yet; uploaded when the report is sent. */
  photoFiles: { name: string; bytes: Buffer }[];
  location?: { address?: string; lat?: number; lng?: number };
  promptedForText: boolean;
  /** Photo uploads still running: the report waits for them. */
  uploads: Promise<void>[];
  timer?: NodeJS.Timeout;
  /** Where to answer: the group the resident wrote in, if any. */
  reply: (text: string) => Promise<unknown>;
}

/**
 * One resident's side of the chat: filters what should not be answered (the bot's own messages,
 * replays at log-in, repeats, group chatter not addressed to the bot, floods), runs commands, and
 * gathers text, photos and a location sent within a quiet window into one report.
 */
export class Conversations {
  private readonly drafts = new Map<string, Draft>();
  private readonly seen = new Set<string>();
  private readonly recent = new Map<string, number[]>();
  private readonly warnedAt = new Map<string, number>();

  constructor(
    private readonly config: BotConfig,
    private readonly portal: PortalClient,
    private readonly contacts: ContactDirectory,
    private readonly pending: PendingReports,
    private readonly log: BotLog,
  ) {}

  async handle(message: Message): Promise<void> {
    if (message.self()) return;
    if (message.age() > this.config.maxMessageAgeSeconds) return this.skip('old', message);
    if (this.seen.has(message.id)) return this.skip('repeat', message);
    this.remember(message.id);
    const room = message.room();
    if (room && !(await message.mentionSelf())) return;
    const contact = message.talker();
    if (this.flooding(contact.id)) {
      const now = Date.now();
      if ((this.warnedAt.get(contact.id) ?? 0) < now - 60_000) {
        this.warnedAt.set(contact.id, now);
        await message.say(say.RATE_LIMITED);
      }
      return this.skip('rate_limited', message);
    }
    // In a group, answers go to the resident privately: they carry tracking codes, and a code
    // lets its holder rate the report.
    const reply = room ? (text: string) => contact.say(text) : (text: string) => message.say(text);
    if (room) await message.say('已收到，详情已私信发给您。');
    const type = message.type();
    this.log.info({ type: types.Message[type] }, 'message handled');
    if (type === types.Message.Text) {
      const text = room ? await message.mentionText() : message.text();
      return this.onText(contact, message.id, text, reply);
    }
    if (type === types.Message.Image) return this.onPhoto(contact, message, reply);
    if (type === types.Message.Location) return this.onLocation(contact, message, reply);
    await reply('暂时只能接收文字、照片和位置。请用文字描述问题，回复“帮助”查看用法。');
  }

  /** Sends every waiting draft now (the bot is stopping). */
  async flushAll(): Promise<void> {
    await Promise.all([...this.drafts.keys()].map((id) => this.flush(id)));
  }

  private async onText(contact: Contact, messageId: string, text: string, reply: Draft['reply']): Promise<void> {
    const command = parseCommand(text);
    if (command.kind === 'report') {
      const draft = this.draftOf(contact, messageId, reply);
      draft.texts.push(command.text);
      this.schedule(contact.id);
      return;
    }
    if (command.kind === 'send') {
      const draft = this.drafts.get(contact.id);
      if (!draft) {
        await reply(say.NOTHING_TO_SEND);
        return;
      }
      if (draft.texts.length === 0) draft.promptedForText = false;
      return this.flush(contact.id);
    }
    await reply(await this.run(command, contact));
  }

  private async onPhoto(contact: Contact, message: Message, reply: Draft['reply']): Promise<void> {
    const draft = this.draftOf(contact, message.id, reply);
    this.schedule(contact.id);
    const upload = (async () => {
      const file = await message.toFileBox();
      const bytes = await file.toBuffer();
      try {
        const uploaded = await this.portal.uploadPhoto(bytes, file.name || 'photo.jpg');
        draft.photoIds.push(uploaded.id);
        if (uploaded.location && !draft.location) {
          draft.location = { lat: uploaded.location.lat, lng: uploaded.location.lng };
        }
      } catch (error) {
        if (error instanceof PortalUnavailable) draft.photoFiles.push({ name: file.name || 'photo.jpg', bytes });
        else await reply(say.PHOTO_FAILED);
      }
    })();
    draft.uploads.push(upload);
    await upload;
  }

  private async onLocation(contact: Contact, message: Message, reply: Draft['reply']): Promise<void> {
    const draft = this.draftOf(contact, message.id, reply);
    this.schedule(contact.id);
    // Message.toLocation() is broken in Wechaty 1.20; the puppet answers directly.
    const where = await message.wechaty.puppet.messageLocation(message.id);
    const address = [where.name, where.address].filter(Boolean).join(' ').slice(0, 200);
    draft.location = { ...(address ? { address } : {}), lat: where.latitude, lng: where.longitude };
  }

  private draftOf(contact: Contact, messageId: string, reply: Draft['reply']): Draft {
    let draft = this.drafts.get(contact.id);
    if (!draft) {
      draft = {
        contact,
        firstMessageId: messageId,
        texts: [],
        photoIds: [],
        photoFiles: [],
        promptedForText: false,
        uploads: [],
        reply,
      };
      this.drafts.set(contact.id, draft);
    }
    return draft;
  }

  private schedule(contactId: string): void {
    const draft = this.drafts.get(contactId);
    if (!draft) return;
    if (draft.timer) clearTimeout(draft.timer);
    draft.timer = setTimeout(() => {
      this.flush(contactId).catch((error: unknown) =>
        this.log.error({ err: String(error) }, 'sending a report failed'),
      );
    }, this.config.collectSeconds * 1000);
    draft.timer.unref();
  }

  private async flush(contactId: string): Promise<void> {
    const draft = this.drafts.get(contactId);
    if (!draft) return;
    if (draft.timer) clearTimeout(draft.timer);
    // A photo sent just before "提交" may still be uploading: it belongs to this report.
    await Promise.allSettled(draft.uploads);
    const text = draft.texts.join('\n').trim();
    if (!text) {
      // Photos or a place without words: ask once, and keep what came.
      if (!draft.promptedForText) {
        draft.promptedForText = true;
        await draft.reply(say.NEED_TEXT);
      }
      return;
    }
    if ([...text].length < this.config.minTextLength && draft.photoIds.length + draft.photoFiles.length === 0) {
      draft.texts = [];
      await draft.reply(say.TOO_SHORT(this.config.minTextLength));
      return;
    }
    // The handle first: nothing is taken out of the draft until the report is in hand.
    const handle = await this.contacts.handleOf(draft.contact);
    this.drafts.delete(contactId);
    const report: NewReport = {
      content: text,
      ...(draft.location ? { location: draft.location } : {}),
      submitter: { id: contactId, handle },
    };
    const key = `wechat-${createHash('sha256').update(`${contactId}:${draft.firstMessageId}`).digest('hex').slice(0, 32)}`;
    const photos = draft.photoFiles.map((p) => ({ name: p.name, base64: p.bytes.toString('base64') }));
    await this.send(
      { key, contactId, report: { ...report, photoIds: draft.photoIds }, photos, attempts: 0, nextAt: 0 },
      draft.reply,
    );
  }

  /** Sends one report (again); a portal that is down keeps it pending, never lost. */
  async send(item: PendingReport, reply: (text: string) => Promise<unknown>): Promise<boolean> {
    // Progress is kept as it is made: uploaded photos are not uploaded (and fingerprinted) again.
    let current: PendingReport = item;
    try {
      for (const photo of item.photos) {
        const uploaded = await this.portal.uploadPhoto(Buffer.from(photo.base64, 'base64'), photo.name);
        current = {
          ...current,
          photos: current.photos.slice(1),
          report: { ...current.report, photoIds: [...(current.report.photoIds ?? []), uploaded.id] },
        };
      }
      const created = await this.submitOnce(current);
      this.pending.remove(item.key);
      this.log.info({ status: created ? created.status : 'already_filed' }, 'report submitted');
      await reply(created ? say.received(created) : say.ALREADY_FILED);
      return true;
    } catch (error) {
      if (error instanceof PortalUnavailable) {
        const attempts = current.attempts + 1;
        const delay = Math.min(this.config.retrySeconds * 2 ** (attempts - 1), 3600) * 1000;
        this.pending.add({ ...current, attempts, nextAt: Date.now() + delay });
        this.log.warn({ attempts, reason: error.message }, 'portal unavailable; report kept for a retry');
        if (item.attempts === 0) await reply(say.QUEUED);
        return false;
      }
      this.pending.remove(item.key);
      if (error instanceof PortalRefused) {
        await reply(`抱歉，这条反映没能提交：${error.message}`);
        return false;
      }
      throw error;
    }
  }

  /**
   * The submit itself. The same key already used means an earlier try went through (its answer
   * was lost); photos that expired while the portal was away are left out rather than the report.
   */
  private async submitOnce(item: PendingReport): Promise<CreatedReport | undefined> {
    try {
      return await this.portal.submit(item.report, item.key);
    } catch (error) {
      if (error instanceof PortalRefused && error.code === 'idempotency_key_reused') return undefined;
      if (error instanceof PortalRefused && error.fields.some((f) => f.field === 'photoIds')) {
        return await this.portal.submit({ ...item.report, photoIds: [] }, item.key);
      }
      throw error;
    }
  }

  private async run(
    command: Exclude<Command, { kind: 'report' } | { kind: 'send' }>,
    contact: Contact,
  ): Promise<string> {
    try {
      switch (command.kind) {
        case 'help':
          return say.HELP;
        case 'mine':
          return say.mine(await this.portal.reportsOf(contact.id));
        case 'status': {
          const code = command.code ?? (await this.portal.reportsOf(contact.id))[0]?.trackingCode;
          if (!code) return say.mine([]);
          return say.status(await this.portal.track(code));
        }
        case 'rate': {
          const code = command.code ?? (await this.latest(contact.id, ['resolved']));
          if (!code) return say.noReportFor('评价');
          if (command.rating === undefined) return say.rateHow(code);
          const answer = await this.portal.rate(code, command.rating, true, command.comment);
          return say.rated(answer.outcome, code);
        }
        case 'notFixed': {
          const code = command.code ?? (await this.latest(contact.id, ['resolved']));
          if (!code) return say.noReportFor('未解决');
          const answer = await this.portal.rate(code, 1, false, command.comment);
          return say.rated(answer.outcome, code);
        }
        case 'withdraw': {
          const code = command.code ?? (await this.latest(contact.id, ['submitted', 'returned']));
          if (!code) return say.noReportFor('撤回');
          await this.portal.withdraw(contact.id, code);
          return say.withdrawn(code);
        }
      }
    } catch (error) {
      if (error instanceof PortalRefused) return `抱歉，${error.message}`;
      if (error instanceof PortalUnavailable) return say.BUSY;
      throw error;
    }
  }

  private async latest(contactId: string, statuses: readonly string[]): Promise<string | undefined> {
    return (await this.portal.reportsOf(contactId)).find((r) => statuses.includes(r.status))?.trackingCode;
  }

  private flooding(contactId: string): boolean {
    const now = Date.now();
    const times = (this.recent.get(contactId) ?? []).filter((t) => t > now - 60_000);
    times.push(now);
    this.recent.set(contactId, times);
    return times.length > this.config.ratePerMinute;
  }

  private remember(id: string): void {
    this.seen.add(id);
    // Enough to catch replays; old ids drop out in arrival order.
    if (this.seen.size > 5000) this.seen.delete(this.seen.values().next().value as string);
  }

  private skip(reason: string, message: Message): void {
    this.log.debug({ reason, messageId: message.id }, 'message skipped');
  }
}
