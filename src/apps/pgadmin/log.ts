/**
 * pgAdmin's own words from its log (LOG_FILE, the external stack's DOCPROOF_APP_LOG): what it logged after a mark.
 * pgAdmin logs `<time>: <LEVEL>\t<logger>:\t<message>`, then a traceback for an exception; its last line
 * (`requests.exceptions.HTTPError: 404 Client Error: ...`) is the one that explains.
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import type { Stack } from '../../stack/types.js';

/** The log's size now: what is logged later is read with `logSince`. */
export function logMark(file: string | undefined): number {
  if (!file) return 0;
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export function logSince(file: string | undefined, mark: number): string {
  if (!file) return '';
  try {
    const size = statSync(file).size;
    if (size <= mark) return '';
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(Math.min(size - mark, 256 * 1024));
      readSync(fd, buf, 0, buf.length, mark);
      return buf.toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}

/**
 * The application's log, wherever the stack keeps it: a file (DOCPROOF_APP_LOG; the mark is its size) or a
 * container's output (Stack.app.logsSince; the mark is a time).
 */
export async function appLogMark(app: Stack['app']): Promise<number> {
  return app.logsSince ? Date.now() : logMark(app.log);
}

export async function appLogSince(app: Stack['app'], mark: number): Promise<string> {
  if (app.logsSince) return app.logsSince(mark).catch(() => '');
  return logSince(app.log, mark);
}

const ENTRY = /^\d{4}-\d\d-\d\d [\d:,]+: (ERROR|CRITICAL|WARNING)\t[^\t]*:\t(.*)$/;
const EXCEPTION = /^([A-Za-z_][\w.]*(Error|Exception|Warning)):\s*(.+)$/;

/** The explaining line of what pgAdmin logged: the last exception, else the last ERROR/WARNING message; null if none. */
export function pgadminWords(text: string): string | null {
  const lines = text.split('\n').map((l) => l.trimEnd());
  let exception: string | null = null;
  let entry: string | null = null;
  for (const l of lines) {
    const ex = EXCEPTION.exec(l.trim());
    if (ex) exception = `${ex[1]}: ${ex[3]}`;
    const en = ENTRY.exec(l);
    if (en && !/Werkzeug appears to be used/.test(en[2]!)) entry = en[2]!;
  }
  return exception ?? entry;
}
