/**
 * The app's only console use (style.md rule 27): one JSON line per event, tagged with the operation that
 * wrote it. Callers pass ids and counts only, never emails or display names.
 */
export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const createLogger = (operation: string, base: LogFields = {}): Logger => {
  const line = (level: 'info' | 'warn' | 'error', message: string, fields: LogFields = {}): string =>
    JSON.stringify({ level, operation, message, ...base, ...fields });
  return {
    // eslint-disable-next-line no-console -- the logger is the one sanctioned console sink
    info: (message, fields) => console.info(line('info', message, fields)),
    // eslint-disable-next-line no-console -- the logger is the one sanctioned console sink
    warn: (message, fields) => console.warn(line('warn', message, fields)),
    // eslint-disable-next-line no-console -- the logger is the one sanctioned console sink
    error: (message, fields) => console.error(line('error', message, fields)),
  };
};
