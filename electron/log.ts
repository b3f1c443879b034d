/** A small structured logger: main-process modules get one injected, tests use a recording fake. */
export interface Logger {
  info(event: string, details?: Record<string, unknown>): void;
  warn(event: string, details?: Record<string, unknown>): void;
  error(event: string, details?: Record<string, unknown>): void;
}

/** One JSON line per event, written by `write` (console, a file, or both). Never log tokens or file contents. */
export function createLogger(write: (line: string) => void, now: () => Date = () => new Date()): Logger {
  const emit = (level: string) => (event: string, details?: Record<string, unknown>) => {
    try {
      write(JSON.stringify({ at: now().toISOString(), level, event, ...details }));
    } catch {
      // Logging must never take the app down.
    }
  };
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}
