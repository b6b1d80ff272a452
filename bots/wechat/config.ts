/** The bot's settings, from the environment (documented in .env.example under "WeChat bot"). */
export interface BotConfig {
  readonly portalUrl: string;
  readonly channelToken: string;
  readonly puppet: string | undefined;
  readonly puppetToken: string | undefined;
  /** Messages a resident sends within this many quiet seconds make one report. */
  readonly collectSeconds: number;
  readonly minTextLength: number;
  /** Messages one contact may send per minute before the bot asks them to slow down. */
  readonly ratePerMinute: number;
  /** Older messages (replayed at log-in) are ignored. */
  readonly maxMessageAgeSeconds: number;
  /** Reports that could not reach the portal wait here until it is back. */
  readonly stateDir: string;
  readonly retrySeconds: number;
  /** Puppets that never announce a loaded contact list are trusted this long after log-in. */
  readonly readyFallbackSeconds: number;
  readonly name: string;
}

export class BotConfigError extends Error {}

export function loadBotConfig(env: Record<string, string | undefined> = process.env): BotConfig {
  const value = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const number = (name: string, fallback: number, min: number, max: number) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new BotConfigError(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
    }
    return parsed;
  };
  const channelToken = value('CHANNEL_SERVICE_TOKEN');
  if (!channelToken) {
    throw new BotConfigError(
      'CHANNEL_SERVICE_TOKEN is not set: give the bot the same token as the portal (see .env.example)',
    );
  }
  return {
    portalUrl: (value('PORTAL_URL') ?? `http://127.0.0.1:${value('PORT') ?? '3000'}`).replace(/\/$/, ''),
    channelToken,
    puppet: value('WECHATY_PUPPET'),
    puppetToken: value('WECHATY_PUPPET_SERVICE_TOKEN'),
    collectSeconds: number('BOT_COLLECT_SECONDS', 60, 1, 3600),
    minTextLength: number('BOT_MIN_TEXT_LENGTH', 4, 2, 100),
    ratePerMinute: number('BOT_RATE_LIMIT_PER_MINUTE', 20, 1, 1000),
    maxMessageAgeSeconds: number('BOT_MAX_MESSAGE_AGE_SECONDS', 300, 10, 86_400),
    stateDir: value('BOT_STATE_DIR') ?? 'var/bot',
    retrySeconds: number('BOT_RETRY_SECONDS', 30, 1, 3600),
    readyFallbackSeconds: number('BOT_READY_FALLBACK_SECONDS', 60, 0, 3600),
    name: value('WECHATY_NAME') ?? 'chuangcheng-mailbox',
  };
}
