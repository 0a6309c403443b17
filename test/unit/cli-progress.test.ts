import { describe, expect, it } from 'vitest';
import { progressLine } from '../../cli/progress.js';

const fakeStream = (isTTY: boolean) => {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => { written.push(text); return true; } };
};
const label = (done: number, total: number) => `matching: ${done}/${total} payments started`;

describe('the progress line', () => {
  it('rewrites one line in place on a terminal, and ends it with a newline', () => {
    const stream = fakeStream(true);
    let clock = 0;
    const progress = progressLine(stream, label, { everyMs: 100, now: () => clock });
    progress.update(1, 3);
    clock = 200; progress.update(2, 3);
    clock = 400; progress.update(3, 3);
    progress.end();
    expect(stream.written).toEqual([
      '\rmatching: 1/3 payments started\x1b[K',
      '\rmatching: 2/3 payments started\x1b[K',
      '\rmatching: 3/3 payments started\x1b[K',
      '\n',
    ]);
  });

  it('skips frames closer together than the throttle, but always shows the last', () => {
    const stream = fakeStream(true);
    let clock = 0;
    const progress = progressLine(stream, label, { everyMs: 100, now: () => clock });
    for (let done = 1; done <= 500; done++) { clock = done; progress.update(done, 500); } // 500 payments in 0.5 s
    expect(stream.written).toHaveLength(6); // at 1, 101, 201, 301, 401 ms and the last
    expect(stream.written.at(-1)).toBe('\rmatching: 500/500 payments started\x1b[K');
  });

  it('writes nothing when standard error is not a terminal', () => {
    const stream = fakeStream(false);
    const progress = progressLine(stream, label);
    progress.update(1, 2); progress.update(2, 2); progress.end();
    expect(stream.written).toEqual([]);
  });

  it('ends with no newline when it never showed anything (no payments to start)', () => {
    const stream = fakeStream(true);
    progressLine(stream, label).end();
    expect(stream.written).toEqual([]);
  });
});
