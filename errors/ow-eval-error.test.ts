// The error base: codes and user-fixability travel with every subclass, and the CLI's exit status follows them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorCode, OwEvalError } from './ow-eval-error.js';
import { exitCodeFor } from '../cli/exit-code.js';
import { ZipError } from '../archive/zip-reader.js';
import { TargetError } from '../experiment/target/target.js';
import { UsageError } from '../model/usage-error.js';
import { Http1Error } from '../http-client/http1-client.js';

test('a subclass keeps its code, its name, its cause and whether the user can fix it', () => {
  const cause = new Error('connect ECONNREFUSED 127.0.0.1:1');
  const error = new TargetError('ERR_TARGET_UNREACHABLE', 'no answer from http://127.0.0.1:1', { cause });
  assert.ok(error instanceof OwEvalError);
  assert.equal(error.code, 'ERR_TARGET_UNREACHABLE');
  assert.equal(error.name, 'TargetError');
  assert.equal(error.cause, cause);
  assert.equal(error.userFixable, true);
  assert.equal(new ZipError('ERR_ZIP_EMPTY', 'no entries').userFixable, false);
});

test('only user-fixable errors exit 2; every other failure exits 1', () => {
  assert.equal(exitCodeFor(new UsageError('ERR_USAGE', 'bad flag')), 2);
  assert.equal(exitCodeFor(new TargetError('ERR_TARGET_CONFIG', 'no API host')), 2);
  assert.equal(exitCodeFor(new Http1Error('ERR_HTTP_TIMEOUT', 'no reply')), 1);
  assert.equal(exitCodeFor(new Error('a bug')), 1);
});

test('errorCode reads our codes and Node.js system codes alike, and nothing else', () => {
  assert.equal(errorCode(new ZipError('ERR_ZIP_LINK', 'a link')), 'ERR_ZIP_LINK');
  assert.equal(errorCode(Object.assign(new Error('disk full'), { code: 'ENOSPC' })), 'ENOSPC');
  assert.equal(errorCode(new Error('plain')), undefined);
  assert.equal(errorCode('ENOSPC'), undefined);
});
