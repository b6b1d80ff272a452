import { Attachment } from './attachment.entity';
import { AuditEntry } from './audit-entry.entity';
import { ClassificationExample } from './classification-example.entity';
import { Department } from './department.entity';
import { OutboxMessage } from './outbox-message.entity';
import { RoutingRule } from './routing-rule.entity';
import { StaffSession } from './staff-session.entity';
import { StaffUser } from './staff-user.entity';
import { Submission } from './submission.entity';
import { TimelineEvent } from './timeline-event.entity';

export {
  Attachment,
  AuditEntry,
  ClassificationExample,
  Department,
  OutboxMessage,
  RoutingRule,
  StaffSession,
  StaffUser,
  Submission,
  TimelineEvent,
};

export const ENTITIES = [
  Attachment,
  AuditEntry,
  ClassificationExample,
  Department,
  OutboxMessage,
  RoutingRule,
  StaffSession,
  StaffUser,
  Submission,
  TimelineEvent,
];
