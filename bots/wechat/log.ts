/** Log lines as JSON. At info level no message text and no identities (see README "WeChat"). */
export interface BotLog {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
type Level = (typeof LEVELS)[number];

export function jsonLog(level: string = 'info', write: (line: string) => void = (line) => console.log(line)): BotLog {
  const threshold = LEVELS.indexOf((LEVELS as readonly string[]).includes(level) ? (level as Level) : 'info');
  const at =
    (name: Level) =>
    (fields: object, message: string): void => {
      if (LEVELS.indexOf(name) < threshold) return;
      write(JSON.stringify({ time: new Date().toISOString(), level: name, msg: message, ...fields }));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
