// The error catalogue: one shape everywhere, every code documented in docs/errors.md.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, ERRORS, errorBody, type ErrorCode } from '../../../server/errors.js';

const DOC = path.resolve(import.meta.dirname, '../../../docs/errors.md');
const CODES = Object.keys(ERRORS) as ErrorCode[];

describe('error catalogue', () => {
  it('docs/errors.md exists', () => {
    expect(existsSync(DOC), `${DOC} documents every code in server/errors.ts`).toBe(true);
  });

  it.each(CODES)('%s is documented in docs/errors.md', (code) => {
    const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
    expect(doc).toMatch(new RegExp(`\\b${code}\\b`));
  });

  it.each(CODES)('%s has a 4xx/5xx status with a standard reason phrase', (code) => {
    const body = errorBody(code);
    expect(body.statusCode).toBe(ERRORS[code].status);
    expect(body.statusCode).toBeGreaterThanOrEqual(400);
    expect(body.statusCode).toBeLessThan(600);
    expect(body.error).not.toBe('Error');
    expect(body.message).toBe(ERRORS[code].message);
    expect(body).not.toHaveProperty('field');
  });

  it('AppError serializes to the JSON error shape, with the field when given', () => {
    const err = new AppError('VALIDATION_FAILED', 'email: must be an email address', 'email');
    expect(err.statusCode).toBe(400);
    expect(JSON.parse(JSON.stringify(err))).toEqual({ statusCode: 400, code: 'VALIDATION_FAILED', error: 'Bad Request', message: 'email: must be an email address', field: 'email' });
    expect(new AppError('NOT_FOUND').toJSON()).toEqual({ statusCode: 404, code: 'NOT_FOUND', error: 'Not Found', message: 'Not found' });
  });
});
