import { EntityManager } from 'typeorm';
import { OutboxMessage, Submission, TimelineEvent } from '../db/entities';
import { STATUS_LABELS, SubmissionStatus } from '../domain/lifecycle/status';

/** Who an event is by: the system, a member of staff (named for the resident by department), or the resident. */
export interface EventActor {
  readonly type: 'system' | 'staff' | 'resident';
  readonly label: string;
  readonly staffId?: number | null;
}

export const SYSTEM_ACTOR: EventActor = { type: 'system', label: '系统' };

/**
 * Writes timeline events at one moment, and for the ones the resident sees, the outbox row that
 * tells them — when their channel has a way to reach them (a WeChat contact, say). A web report
 * without one is followed on its tracking page instead.
 */
export class TimelineWriter {
  constructor(
    private readonly manager: EntityManager,
    private readonly submission: Submission,
    private readonly at: Date,
    private readonly actor: EventActor = SYSTEM_ACTOR,
  ) {}

  async statusChange(
    from: SubmissionStatus | null,
    to: SubmissionStatus,
    note: string,
    visible: boolean,
  ): Promise<void> {
    const event = await this.insertEvent({
      type: 'status_change',
      fromStatus: from,
      toStatus: to,
      note,
      visibleToResident: visible,
    });
    if (!visible || !this.submission.submitterChannelId) return;
    await this.manager.getRepository(OutboxMessage).insert({
      submissionId: this.submission.id,
      eventId: event.id,
      channel: this.submission.channel,
      recipient: this.submission.submitterChannelId,
      payload: {
        trackingCode: this.submission.trackingCode,
        status: to,
        statusLabel: STATUS_LABELS[to],
        text: `【创城信箱】您的反映（编号 ${this.submission.trackingCode}）${STATUS_LABELS[to]}。${note}`,
      },
    });
  }

  async internal(type: 'classification' | 'note', note: string): Promise<void> {
    await this.insertEvent({ type, fromStatus: null, toStatus: null, note, visibleToResident: false });
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
