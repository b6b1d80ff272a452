import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config';

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/**
 * Whether the request carries the channel clients' token (`Authorization: Bearer …`). Compared
 * as digests in constant time, so the answer's timing says nothing about the token.
 */
export function isChannelClient(config: AppConfig, request: FastifyRequest): boolean {
  if (!config.channelServiceToken) return false;
  const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(config.channelServiceToken));
}
