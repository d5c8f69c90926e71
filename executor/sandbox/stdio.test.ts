// An activation's captured output: kept up to OpenWhisk's 10 MiB log limit, then cut with a note; the tail (for the
// message of a failed activation) is the last bytes written, also past the cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_LOG_BYTES, OutputCapture } from './stdio.js';

test('output beyond 10 MiB is cut with a note, and the tail is still the last bytes written', () => {
  const capture = new OutputCapture(8);
  const chunk = new Uint8Array(1024 * 1024).fill(97); // 'a'
  for (let i = 0; i < 11; i++) capture.write(chunk);
  capture.write(Buffer.from('the end.'));
  const text = capture.text();
  assert.equal(
    text,
    `${'a'.repeat(MAX_LOG_BYTES)}\nLogs were truncated because the total bytes size exceeds the limit of ${MAX_LOG_BYTES} bytes.`,
  );
  assert.equal(capture.size, 11 * 1024 * 1024 + 8);
  assert.equal(capture.tailText(), 'the end.');
});

test('what is written is copied: later changes to the guest memory do not change the log', () => {
  const capture = new OutputCapture();
  const memory = Buffer.from('first line\n');
  capture.write(memory);
  memory.fill(0);
  assert.equal(capture.text(), 'first line\n');
  assert.equal(capture.tailText(), 'first line\n');
});

test('lines past the line budget are cut after the last kept newline, and the note is its own line', () => {
  const capture = new OutputCapture(6, { bytes: 1000, lines: 3, calls: 100 });
  capture.write(Buffer.from('a\nb\nc\nd\n'));
  assert.equal(
    capture.text(),
    'a\nb\nc\nLogs were truncated because the number of lines exceeds the limit of 3 lines.',
  );
  assert.equal(capture.tailText(), 'b\nc\nd\n');
});

test('exactly the budget is not a cut; one more byte is', () => {
  const capture = new OutputCapture(4, { bytes: 4, lines: 10, calls: 10 });
  capture.write(Buffer.from('abcd'));
  assert.equal(capture.text(), 'abcd');
  capture.write(Buffer.from('e'));
  assert.equal(capture.text(), 'abcd\nLogs were truncated because the total bytes size exceeds the limit of 4 bytes.');
  assert.equal(capture.size, 5);
  assert.equal(capture.tailText(), 'bcde');
});

test('calls past the call budget are counted but not kept', () => {
  const capture = new OutputCapture(4, { bytes: 100, lines: 10, calls: 2 });
  for (const text of ['x', 'y', 'z']) capture.write(Buffer.from(text), 0, 1, capture.call());
  assert.equal(capture.text(), 'xy\nLogs were truncated because the number of writes exceeds the limit of 2 writes.');
  assert.equal(capture.size, 3);
});
