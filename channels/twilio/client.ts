// The official twilio client per account, optionally pointed at a local stand-in (apiBaseUrl).
import twilio from 'twilio';
import type Response from 'twilio/lib/http/response.js';
import { PermanentDeliveryError } from '../types.js';
import type { TwilioSettings } from './settings.js';

type RequestOptions<T> = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0] & { data?: T };

const TWILIO_API = 'https://api.twilio.com';

/** Rewrites the REST origin so tests exercise the real client against a local stand-in. */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly base: string) {
    super({ timeout: 15_000 });
  }

  override request<TData>(opts: RequestOptions<TData>): Promise<Response<TData>> {
    const uri = opts.uri.startsWith(TWILIO_API) ? this.base + opts.uri.slice(TWILIO_API.length) : opts.uri;
    return super.request<TData>({ ...opts, uri });
  }
}

const clients = new Map<string, twilio.Twilio>();

export function twilioClient(s: Pick<TwilioSettings, 'accountSid' | 'authToken' | 'apiBaseUrl'>): twilio.Twilio {
  const key = `${s.accountSid}\n${s.authToken}\n${s.apiBaseUrl ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    const base = s.apiBaseUrl?.replace(/\/+$/, '');
    const opts: twilio.ClientOpts = base ? { httpClient: new RebasedRequestClient(base) } : { timeout: 15_000 };
    client = twilio(s.accountSid, s.authToken, opts);
    // Bounded: a long-lived server sees few accounts, but rotated tokens should not pile up.
    if (clients.size > 100) clients.clear();
    clients.set(key, client);
  }
  return client;
}

/** The REST origin media and recording URLs may come from (the stand-in in tests). */
export function apiOrigin(s: Pick<TwilioSettings, 'apiBaseUrl'>): string {
  return s.apiBaseUrl ? new URL(s.apiBaseUrl).origin : TWILIO_API;
}

/** Twilio's 4xx answers (invalid number, unverified sender) cannot succeed on retry; 429 and 5xx can. */
export function toDeliveryError(err: unknown): Error {
  const e = err as { status?: unknown; code?: unknown; message?: unknown };
  if (err instanceof twilio.RestException || typeof e?.status === 'number') {
    const status = Number(e.status);
    const text = `Twilio ${status}${e.code ? ` (error ${String(e.code)})` : ''}: ${String(e.message ?? 'request failed')}`;
    if (status >= 400 && status < 500 && status !== 429) return new PermanentDeliveryError(text);
    return new Error(text);
  }
  return err instanceof Error ? err : new Error(String(err));
}
