import type { OutboxDelivery } from '../services/outbox';

/**
 * Something that pushes an update to a resident on one channel (an SMS gateway, say). Channels
 * whose client pulls its messages instead (the WeChat bot) have no transport: they use the
 * channel API.
 */
export interface ChannelTransport {
  readonly channel: string;
  /** Resolves when the receiver has taken the message; throws DeliveryFailed otherwise. */
  send(message: OutboxDelivery): Promise<void>;
}

export class DeliveryFailed extends Error {
  constructor(
    message: string,
    /** The receiver refused the message for good (a bad number, say): retrying will not help. */
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}
