import { setTimeout as sleep } from 'node:timers/promises';
import type { Wechaty } from 'wechaty';
import type { BotConfig } from './config';
import { ContactDirectory } from './contacts';
import { Conversations } from './conversation';
import type { BotLog } from './log';
import { PendingReports } from './pending-reports';
import { type ChannelMessage, PortalClient } from './portal-client';

export interface MailboxBot {
  readonly portal: PortalClient;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The 创城信箱 bot on any Wechaty puppet: conversations become reports (through the portal's API),
 * and the updates the portal queues for WeChat residents are delivered back into their chats —
 * acknowledged only once sent, so nothing is lost while the bot is away.
 */
export function createMailboxBot(options: {
  wechaty: Wechaty;
  config: BotConfig;
  log: BotLog;
  /** Tests point the bot at a portal that moves; by default config.portalUrl. */
  portalUrl?: () => string;
}): MailboxBot {
  const { wechaty, config, log } = options;
  const portal = new PortalClient(options.portalUrl ?? (() => config.portalUrl), config.channelToken);
  const contacts = new ContactDirectory(wechaty, portal, log);
  const pending = new PendingReports(config.stateDir, (movedTo) =>
    log.error({ movedTo }, 'the file of waiting reports could not be read; it was kept aside for a person to look at'),
  );
  const conversations = new Conversations(config, portal, contacts, pending, log);
  let running = false;
  // Contacts can only be looked up while logged in, and only reliably once the puppet has loaded
  // the contact list ("ready"; some puppets never say so, hence the fallback after log-in).
  let loggedIn = false;
  let contactsReady = false;
  let loggedInAt = 0;
  const canDeliver = () => loggedIn && (contactsReady || Date.now() - loggedInAt >= config.readyFallbackSeconds * 1000);
  // Sent but not yet confirmed to the portal: if the portal offers one again, it is only confirmed.
  const sentNotAcknowledged = new Set<number>();
  let abort = new AbortController();
  const loops: Promise<void>[] = [];

  wechaty.on('message', (message) => {
    conversations.handle(message).catch((error: unknown) => log.error({ err: String(error) }, 'message not handled'));
  });
  wechaty.on('ready', () => {
    contactsReady = true;
  });
  wechaty.on('login', () => {
    loggedIn = true;
    loggedInAt = Date.now();
    log.warn({}, '=== WeChat account logged in: the mailbox bot is online ===');
  });
  wechaty.on('logout', () => {
    loggedIn = false;
    contactsReady = false;
    log.warn({}, '=== WeChat account LOGGED OUT: the bot takes no messages until it logs in again ===');
  });
  // A puppet that cannot reach WeChat repeats the same error many times a second: once a minute is enough.
  const lastErrors = new Map<string, number>();
  wechaty.on('error', (error) => {
    const reason = String(error);
    const now = Date.now();
    if ((lastErrors.get(reason) ?? 0) > now - 60_000) return;
    lastErrors.set(reason, now);
    log.warn({ reason }, 'wechaty reported an error (repeats within a minute are not logged)');
  });

  async function deliver(message: ChannelMessage): Promise<void> {
    if (!sentNotAcknowledged.has(message.id)) {
      const contact = await contacts.find(message.recipient, message.recipientHandle);
      if (!contact) {
        log.warn({ outboxId: message.id }, 'update not delivered: resident found neither by id nor by remark');
        await portal.failed(message.id, message.attempt, 'contact not found by id or remark', {
          unreachable: true,
        });
        return;
      }
      try {
        await contact.say(message.text);
      } catch (error) {
        log.warn(
          { outboxId: message.id, reason: String(error) },
          'update not delivered; the portal will offer it again',
        );
        await portal.failed(message.id, message.attempt, String(error));
        return;
      }
      sentNotAcknowledged.add(message.id);
    }
    await portal.acknowledge(message.id);
    sentNotAcknowledged.delete(message.id);
    log.info({ outboxId: message.id }, 'update delivered');
  }

  async function deliveryLoop(): Promise<void> {
    while (running) {
      if (!canDeliver()) {
        await sleep(500, undefined, { signal: abort.signal }).catch(() => undefined);
        continue;
      }
      try {
        // One at a time, in the order the portal hands them out (it keeps each resident's in order).
        for (const message of await portal.nextMessages(20, abort.signal)) {
          if (!running) break;
          await deliver(message);
        }
      } catch (error) {
        if (!running) return;
        log.warn({ reason: String(error) }, 'fetching updates failed; trying again shortly');
        await sleep(Math.min(config.retrySeconds, 5) * 1000, undefined, { signal: abort.signal }).catch(
          () => undefined,
        );
      }
    }
  }

  async function retryLoop(): Promise<void> {
    while (running) {
      for (const item of canDeliver() ? pending.due(Date.now()) : []) {
        if (!running) return;
        const contact = await contacts.find(item.contactId, item.report.submitter.handle ?? null);
        const tell = async (text: string) => {
          if (contact) await contact.say(text);
          else log.warn({}, 'a waiting report was filed but its resident could not be found to be told');
        };
        await conversations
          .send(item, tell)
          .catch((error: unknown) => log.error({ err: String(error) }, 'retrying a report failed'));
      }
      await sleep(1000, undefined, { signal: abort.signal }).catch(() => undefined);
    }
  }

  return {
    portal,
    async start() {
      await wechaty.start();
      running = true;
      abort = new AbortController();
      if (pending.size > 0) log.warn({ pending: pending.size }, 'reports waiting from an earlier run will be sent');
      loops.push(deliveryLoop(), retryLoop());
    },
    async stop() {
      running = false;
      abort.abort();
      await conversations.flushAll().catch(() => undefined);
      await Promise.all(loops.splice(0));
      await wechaty.stop();
    },
  };
}
