import type { AppConfig } from '../config';
import type { RetryPolicy } from '../domain/outbox/backoff';
import { SmsGatewayTransport } from './sms-gateway';
import type { ChannelTransport } from './transport';

/** The channels this deployment pushes updates to, from its settings. */
export function pushTransports(config: AppConfig): ChannelTransport[] {
  const transports: ChannelTransport[] = [];
  if (config.smsGatewayUrl) transports.push(new SmsGatewayTransport(config.smsGatewayUrl, config.smsGatewayToken));
  return transports;
}

export function retryPolicy(config: AppConfig): RetryPolicy {
  return {
    leaseSeconds: config.outboxLeaseSeconds,
    baseSeconds: config.outboxRetryBaseSeconds,
    maxSeconds: config.outboxRetryMaxSeconds,
  };
}
