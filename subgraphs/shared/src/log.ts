/** JSON-lines logger on stderr: one object per event, easy to grep and to ship. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(service: string, quiet = process.env['LOG_LEVEL'] === 'silent'): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>): void => {
    if (quiet && level !== 'error') return;
    process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), level, service, message, ...fields })}\n`);
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
