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
  const known = answers.get(request);
  if (known !== undefined) return known;
  const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  const answer = given !== undefined && timingSafeEqual(digest(given), tokenDigest(config.channelServiceToken));
  answers.set(request, answer);
  return answer;
}

// A report from the bot asks several times (rate limits, the route itself); each asks once.
const answers = new WeakMap<FastifyRequest, boolean>();
const digests = new Map<string, Buffer>();

function tokenDigest(token: string): Buffer {
  let known = digests.get(token);
  if (!known) {
    known = digest(token);
    digests.set(token, known);
  }
  return known;
}
