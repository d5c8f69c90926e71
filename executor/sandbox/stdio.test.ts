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
  assert.equal(text, `${'a'.repeat(MAX_LOG_BYTES)}\n[logs truncated at ${MAX_LOG_BYTES} bytes]`);
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
