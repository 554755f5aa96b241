/**
 * Output of the main job: permanent lines, plus one status line that a terminal rewrites in place
 * (audio sent, what was heard, what the model says). Where stdout is not a terminal (CI logs, pipes)
 * each kind of status (its first word) is printed at most once a second, so logs stay short.
 */

const LOG_STATUS_INTERVAL_MS = 1000;

export interface Terminal {
  /** A line that stays. */
  line(text: string): void;
  /** The current status; replaces the previous one. */
  status(text: string): void;
  /** Ends the status line, so the next output starts on a fresh line. */
  done(): void;
}

export interface TerminalStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export function terminal(stream: TerminalStream, now: () => number = Date.now): Terminal {
  let statusShown = false;
  const lastPrinted = new Map<string, number>();
  const clear = (): void => {
    if (statusShown && stream.isTTY === true) stream.write('\r\x1b[2K');
    statusShown = false;
  };
  return {
    line: (text) => {
      clear();
      stream.write(`${text}\n`);
    },
    status: (text) => {
      if (stream.isTTY === true) {
        stream.write(`\r\x1b[2K${text}`);
        statusShown = true;
        return;
      }
      const key = text.split(' ')[0] ?? '';
      const last = lastPrinted.get(key);
      if (last !== undefined && now() - last < LOG_STATUS_INTERVAL_MS) return;
      lastPrinted.set(key, now());
      stream.write(`${text}\n`);
    },
    done: clear,
  };
}

/** `1.24 s` */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** `117.6 kB` */
export function kilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
