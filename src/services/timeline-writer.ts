import { EntityManager } from 'typeorm';
import { OutboxMessage, Submission, TimelineEvent } from '../db/entities';
import type { EventType } from '../db/entities/timeline-event.entity';
import { STATUS_LABELS, SubmissionStatus } from '../domain/lifecycle/status';

/** Who an event is by: the system, a member of staff (named for the resident by department), or the resident. */
export interface EventActor {
  readonly type: 'system' | 'staff' | 'resident';
  readonly label: string;
  readonly staffId?: number | null;
}

export const SYSTEM_ACTOR: EventActor = { type: 'system', label: '系统' };

/** One line of a timeline, as `TimelineWriter.record` takes several at once. */
export type TimelineEntry =
  | {
      readonly kind: 'status';
      readonly from: SubmissionStatus | null;
      readonly to: SubmissionStatus;
      readonly note: string;
      readonly visible: boolean;
    }
  | { readonly kind: 'reply'; readonly text: string; readonly type?: EventType }
  | { readonly kind: 'internal'; readonly type: Exclude<EventType, 'status_change' | 'reply'>; readonly note: string };

export interface TimelineWriterOptions {
  /**
   * A channel whose client is answering the resident itself right now (the WeChat bot replies
   * to a new report with its code): updates for that channel are recorded as already sent
   * instead of being told twice.
   */
  readonly answeredOn?: string;
  /** A report stored in this same transaction: nothing can have been merged into it yet. */
  readonly newReport?: boolean;
}

/**
 * Writes timeline events at one moment, and for the ones the resident sees, the outbox rows that
 * tell them — the report's own resident and the residents of duplicates merged into it — on
 * every channel that can reach them (their WeChat contact, SMS when they asked for it). A web
 * report without one is followed on its tracking page instead.
 */
export class TimelineWriter {
  constructor(
    private readonly manager: EntityManager,
    private readonly submission: Submission,
    private readonly at: Date,
    private readonly actor: EventActor = SYSTEM_ACTOR,
    private readonly options: TimelineWriterOptions = {},
  ) {}

  async statusChange(
    from: SubmissionStatus | null,
    to: SubmissionStatus,
    note: string,
    visible: boolean,
  ): Promise<TimelineEvent> {
    const [event] = await this.record([{ kind: 'status', from, to, note, visible }]);
    return event;
  }

  /** A public reply (答复) the resident reads on the timeline and on their channel. */
  async publicReply(text: string, type: EventType = 'reply'): Promise<TimelineEvent> {
    const [event] = await this.record([{ kind: 'reply', text, type }]);
    return event;
  }

  /** Staff-only lines: notes, classification changes, 督办, extension requests. */
  async internal(type: Exclude<EventType, 'status_change' | 'reply'>, note: string): Promise<TimelineEvent> {
    const [event] = await this.record([{ kind: 'internal', type, note }]);
    return event;
  }

  /**
   * Several events in their order, written together: each statement is a round trip to the
   * database, and intake under load is bound by round trips, not by the work in them.
   */
  async record(entries: readonly TimelineEntry[]): Promise<TimelineEvent[]> {
    if (entries.length === 0) return [];
    const events = this.manager.getRepository(TimelineEvent);
    const created = eventRows(entries, this.actor, this.at).map((row) =>
      events.create({ ...row, submissionId: this.submission.id }),
    );
    // One INSERT for all of them; ids come back in the order of the rows, as the sequence gives them.
    const saved = await events.save(created, { chunk: created.length });
    if (entries.some((entry) => residentMessage(entry, this.submission.status)))
      await this.notifyResidents(entries, saved);
    return saved;
  }

  private async notifyResidents(entries: readonly TimelineEntry[], saved: readonly TimelineEvent[]): Promise<void> {
    const followers = this.options.newReport
      ? []
      : await this.manager
          .getRepository(Submission)
          .createQueryBuilder('s')
          .select([
            's.id',
            's.trackingCode',
            's.channel',
            's.submitterChannelId',
            's.submitterHandle',
            's.notifySms',
            's.contactPhone',
          ])
          .where('s.merged_into_id = :id', { id: this.submission.id })
          .andWhere('(s.submitter_channel_id IS NOT NULL OR s.notify_sms)')
          .getMany();
    const residents = [this.submission, ...followers];
    const rows = outboxRows(entries, residents, this.submission.status, this.at, this.options.answeredOn).map(
      ({ eventIndex, residentIndex, ...row }) => ({
        ...row,
        submissionId: residents[residentIndex].id,
        eventId: saved[eventIndex].id,
      }),
    );
    if (rows.length > 0) await this.manager.getRepository(OutboxMessage).insert(rows);
  }
}

/** The columns of the events entries become, in their order; the report's id is left to the caller. */
export function eventRows(
  entries: readonly TimelineEntry[],
  actor: EventActor,
  at: Date,
): Omit<TimelineEvent, 'id' | 'submissionId' | 'submission' | 'actorStaff'>[] {
  return entries.map((entry) => ({
    ...eventFields(entry),
    actorType: actor.type,
    actorStaffId: actor.staffId ?? null,
    actorLabel: actor.label,
    createdAt: at,
  }));
}

/** A resident who may be told of updates: the report's own, or one whose report was merged into it. */
export type ResidentContact = Pick<
  Submission,
  'trackingCode' | 'channel' | 'submitterChannelId' | 'submitterHandle' | 'notifySms' | 'contactPhone'
>;

/** An outbox row, naming its event and resident by their place in the lists it was planned from. */
export interface PlannedMessage extends Pick<OutboxMessage, 'channel' | 'recipient' | 'createdAt' | 'nextAttemptAt'> {
  readonly payload: {
    readonly trackingCode: string;
    readonly status: SubmissionStatus;
    readonly statusLabel: string;
    readonly recipientHandle?: string;
    readonly text: string;
  };
  readonly eventIndex: number;
  readonly residentIndex: number;
  readonly state?: 'sent';
  readonly sentAt?: Date;
}

/**
 * The messages that tell residents of the entries they may see: each resident, on each channel
 * that reaches them. `currentStatus` is the report's status, which a reply is sent with.
 */
export function outboxRows(
  entries: readonly TimelineEntry[],
  residents: readonly ResidentContact[],
  currentStatus: SubmissionStatus,
  at: Date,
  answeredOn?: string,
): PlannedMessage[] {
  return entries.flatMap((entry, eventIndex) => {
    const message = residentMessage(entry, currentStatus);
    if (!message) return [];
    const { text, status } = message;
    return residents.flatMap((resident, residentIndex) =>
      reachableChannels(resident).map(({ channel, recipient, handle }) => ({
        eventIndex,
        residentIndex,
        channel,
        recipient,
        // The event's own moment, so the delivery schedule follows the same clock as the timeline.
        createdAt: at,
        nextAttemptAt: at,
        ...(channel === answeredOn ? { state: 'sent' as const, sentAt: at } : {}),
        payload: {
          trackingCode: resident.trackingCode,
          // A follower hears of the report they follow under their own code: the followed report's
          // code would let them rate it.
          status,
          statusLabel: STATUS_LABELS[status],
          // Finds the contact again when its id changed (see channel-recipients.ts).
          ...(handle ? { recipientHandle: handle } : {}),
          text: `【创城信箱】您的反映（编号 ${resident.trackingCode}）${text}`,
        },
      })),
    );
  });
}

function eventFields(
  entry: TimelineEntry,
): Pick<TimelineEvent, 'type' | 'fromStatus' | 'toStatus' | 'note' | 'visibleToResident'> {
  switch (entry.kind) {
    case 'status':
      return {
        type: 'status_change',
        fromStatus: entry.from,
        toStatus: entry.to,
        note: entry.note,
        visibleToResident: entry.visible,
      };
    case 'reply':
      return {
        type: entry.type ?? 'reply',
        fromStatus: null,
        toStatus: null,
        note: entry.text,
        visibleToResident: true,
      };
    case 'internal':
      return { type: entry.type, fromStatus: null, toStatus: null, note: entry.note, visibleToResident: false };
  }
}

/** What the resident is told of an entry, if anything. */
function residentMessage(
  entry: TimelineEntry,
  currentStatus: SubmissionStatus,
): { text: string; status: SubmissionStatus } | undefined {
  if (entry.kind === 'status') {
    return entry.visible ? { text: `${STATUS_LABELS[entry.to]}。${entry.note}`, status: entry.to } : undefined;
  }
  if (entry.kind === 'reply') return { text: `有新的答复：${entry.text}`, status: currentStatus };
  return undefined;
}

/**
 * Where a resident can be told of an update: the channel they wrote from when it has a handle
 * (a WeChat contact), and SMS when they asked for it. The web tracking page needs no message.
 */
function reachableChannels(
  resident: Pick<Submission, 'channel' | 'submitterChannelId' | 'submitterHandle' | 'notifySms' | 'contactPhone'>,
): { channel: string; recipient: string; handle?: string }[] {
  const channels: { channel: string; recipient: string; handle?: string }[] = [];
  if (resident.submitterChannelId) {
    channels.push({
      channel: resident.channel,
      recipient: resident.submitterChannelId,
      ...(resident.submitterHandle ? { handle: resident.submitterHandle } : {}),
    });
  }
  if (resident.notifySms && resident.contactPhone) channels.push({ channel: 'sms', recipient: resident.contactPhone });
  return channels;
}
