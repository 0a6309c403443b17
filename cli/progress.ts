// One progress line for long CLI work ("matching: 120/500 payments started"), rewritten in place on standard
// error. Only on a terminal: piped or captured output (scripts, logs, --json) must not fill with \r frames.
export interface ProgressStream { isTTY?: boolean; write(text: string): unknown }

export interface ProgressLine {
  /** Shows done/total; frames closer together than the throttle are skipped, except the last one. */
  update(done: number, total: number): void;
  /** Ends the line so what follows starts on its own; nothing when nothing was shown. */
  end(): void;
}

export function progressLine(stream: ProgressStream, label: (done: number, total: number) => string, options: { everyMs?: number; now?: () => number } = {}): ProgressLine {
  if (!stream.isTTY) return { update() {}, end() {} };
  const everyMs = options.everyMs ?? 100;
  const now = options.now ?? Date.now;
  let shownAt: number | undefined;
  return {
    update(done, total) {
      const at = now();
      if (shownAt !== undefined && done < total && at - shownAt < everyMs) return;
      shownAt = at;
      stream.write(`\r${label(done, total)}\x1b[K`); // \x1b[K: erase what a longer earlier frame left
    },
    end() {
      if (shownAt !== undefined) stream.write('\n');
      shownAt = undefined;
    },
  };
}
