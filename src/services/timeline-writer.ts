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
    /**
     * A channel whose client is answering the resident itself right now (the WeChat bot replies
     * to a new report with its code): updates for that channel are recorded as already sent
     * instead of being told twice.
     */
    private readonly answeredOn?: string,
  ) {}

  async statusChange(
    from: SubmissionStatus | null,
    to: SubmissionStatus,
    note: string,
    visible: boolean,
  ): Promise<TimelineEvent> {
    const event = await this.insertEvent({
      type: 'status_change',
      fromStatus: from,
      toStatus: to,
      note,
      visibleToResident: visible,
    });
    if (visible) await this.notifyResidents(event, `${STATUS_LABELS[to]}。${note}`, to);
    return event;
  }

  /** A public reply (答复) the resident reads on the timeline and on their channel. */
  async publicReply(text: string, type: EventType = 'reply'): Promise<TimelineEvent> {
    const event = await this.insertEvent({
      type,
      fromStatus: null,
      toStatus: null,
      note: text,
      visibleToResident: true,
    });
    await this.notifyResidents(event, `有新的答复：${text}`, this.submission.status);
    return event;
  }

  /** Staff-only lines: notes, classification changes, 督办, extension requests. */
  async internal(type: Exclude<EventType, 'status_change' | 'reply'>, note: string): Promise<TimelineEvent> {
    return this.insertEvent({ type, fromStatus: null, toStatus: null, note, visibleToResident: false });
  }

  private async notifyResidents(event: TimelineEvent, message: string, status: SubmissionStatus): Promise<void> {
    const followers = await this.manager
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
    const rows = [this.submission, ...followers].flatMap((resident) =>
      reachableChannels(resident).map(({ channel, recipient, handle }) => ({
        submissionId: resident.id,
        eventId: event.id,
        channel,
        recipient,
        // The event's own moment, so the delivery schedule follows the same clock as the timeline.
        createdAt: this.at,
        nextAttemptAt: this.at,
        ...(channel === this.answeredOn ? { state: 'sent' as const, sentAt: this.at } : {}),
        payload: {
          trackingCode: resident.trackingCode,
          // A follower hears of the report they follow under their own code: the followed report's
          // code would let them rate it.
          status,
          statusLabel: STATUS_LABELS[status],
          // Finds the contact again when its id changed (see channel-recipients.ts).
          ...(handle ? { recipientHandle: handle } : {}),
          text: `【创城信箱】您的反映（编号 ${resident.trackingCode}）${message}`,
        },
      })),
    );
    if (rows.length > 0) await this.manager.getRepository(OutboxMessage).insert(rows);
  }

  private insertEvent(fields: Partial<TimelineEvent>): Promise<TimelineEvent> {
    const events = this.manager.getRepository(TimelineEvent);
    return events.save(
      events.create({
        ...fields,
        submissionId: this.submission.id,
        actorType: this.actor.type,
        actorStaffId: this.actor.staffId ?? null,
        actorLabel: this.actor.label,
        createdAt: this.at,
      }),
    );
  }
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
