import type { OutboxDelivery } from '../services/outbox';
import { ChannelTransport, DeliveryFailed } from './transport';

/**
 * Text messages through the district's SMS platform (政务短信平台) over HTTP: one JSON POST per
 * message, `{ messageId, phone, text }`, with the message id also in `Idempotency-Key` so the
 * gateway can drop a repeat. 2xx means taken; 408, 429 and 5xx are retried; any other 4xx is
 * a permanent refusal.
 */
export class SmsGatewayTransport implements ChannelTransport {
  readonly channel = 'sms';

  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(message: OutboxDelivery): Promise<void> {
    if (!message.recipient) throw new DeliveryFailed('no phone number to send to', true);
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `outbox-${message.id}`,
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: JSON.stringify({ messageId: `outbox-${message.id}`, phone: message.recipient, text: message.text }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new DeliveryFailed(`SMS gateway unreachable: ${cause ?? (error as Error).message}`);
    }
    // The body is read (and dropped) so the connection can be reused.
    const body = (await response.text().catch(() => '')).slice(0, 300);
    if (response.ok) return;
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
    throw new DeliveryFailed(`SMS gateway answered ${response.status}: ${body}`, !retryable);
  }
}
