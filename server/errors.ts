// Every error the API can return, declared once (docs/errors.md documents each code; a test checks it).
import { storageErrorCode } from './db/storage-health.js';

export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: 'The request is invalid' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON' },
  MESSAGE_TOO_LONG: { status: 400, message: 'The message is too long' },
  URL_NOT_ALLOWED: { status: 400, message: 'The server may not connect to this address' },
  UNAUTHENTICATED: { status: 401, message: 'Sign in first' },
  INVALID_CREDENTIALS: { status: 401, message: 'Wrong email or password' },
  INVALID_SIGNATURE: { status: 401, message: 'The request signature is invalid' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this' },
  CSRF_REJECTED: { status: 403, message: 'A change signed in by the session cookie needs the X-Requested-With header (API clients use Authorization: Bearer)' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  CONVERSATION_NOT_FOUND: { status: 404, message: 'No such conversation' },
  INBOX_NOT_FOUND: { status: 404, message: 'No such inbox' },
  USER_NOT_FOUND: { status: 404, message: 'No such user' },
  TEAM_NOT_FOUND: { status: 404, message: 'No such team' },
  CUSTOMER_NOT_FOUND: { status: 404, message: 'No such customer' },
  ARTICLE_NOT_FOUND: { status: 404, message: 'No such article' },
  CANNED_RESPONSE_NOT_FOUND: { status: 404, message: 'No such saved reply' },
  ATTACHMENT_NOT_FOUND: { status: 404, message: 'No such attachment' },
  CONFLICT: { status: 409, message: 'This conflicts with existing data' },
  ATTACHMENT_ALREADY_SENT: { status: 409, message: 'This attachment was sent already; upload the file again to send it once more' },
  ATTACHMENTS_NOT_SUPPORTED: { status: 400, message: 'This channel cannot carry files' },
  CANNED_SHORTCUT_TAKEN: { status: 409, message: 'A saved reply with this shortcut and language already exists in this scope' },
  RECIPIENT_OPTED_OUT: { status: 409, message: 'The recipient opted out of messages from this number' },
  EMAIL_TAKEN: { status: 409, message: 'A user with this email already exists' },
  INVALID_TRANSITION: { status: 409, message: 'This status change is not allowed' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send JSON with Content-Type: application/json' },
  FILE_TOO_LARGE: { status: 413, message: 'The file is larger than the upload limit' },
  FILE_TYPE_NOT_ALLOWED: { status: 415, message: 'This type of file is not allowed' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; slow down' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side' },
  NOT_READY: { status: 503, message: 'The server is starting' },
  STORAGE_UNAVAILABLE: { status: 503, message: 'The database cannot store data right now (disk full or failing); nothing was saved, try again shortly' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message?: string, field?: string) {
    super(message ?? ERRORS[code].message);
    this.code = code;
    this.statusCode = ERRORS[code].status;
    this.field = field;
  }

  toJSON(): ErrorBody {
    return errorBody(this.code, this.message, this.field);
  }
}

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  error: string;
  message: string;
  field?: string;
}

export function errorBody(code: ErrorCode, message?: string, field?: string): ErrorBody {
  const statusCode = ERRORS[code].status;
  const body: ErrorBody = { statusCode, code, error: STATUS_TEXT[statusCode] ?? 'Error', message: message ?? ERRORS[code].message };
  if (field) body.field = field;
  return body;
}

/** What a thrown error means to a client: an AppError as it is, a storage failure as 503, else null (a bug: 500). */
export function knownError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  return storageErrorCode(err) ? new AppError('STORAGE_UNAVAILABLE') : null;
}

export const notFound = (code: ErrorCode = 'NOT_FOUND', message?: string) => new AppError(code, message);
