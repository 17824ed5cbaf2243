// Verify, answer fast, then work: the signature is checked against every Slack inbox's signing
// secret (one app may serve many workspaces, or each workspace has its own app) before anything
// else; the body is parsed only once it is authentic. Bolt then parses it again from req.rawBody.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { isValidSlackRequest } from '@slack/bolt';
import type { ChannelHost, InboxConfig } from '../types.js';
import { slackEnvelope } from './events.js';
import { readSettings, type SlackSettings } from './settings.js';

const MAX_BODY_BYTES = 1024 * 1024;
const WINDOW_SEC = 5 * 60;

export interface SlackInbox { inbox: InboxConfig; settings: SlackSettings }

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 413: 'Payload Too Large' };
export function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ statusCode: status, code, error: STATUS_TEXT[status], message });
}

function readRaw(req: Request): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too_large');
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The Slack inboxes whose signing secret produced this signature (empty: not from Slack). */
export function signedBy(inboxes: SlackInbox[], body: string, signature: string, timestamp: number): SlackInbox[] {
  return inboxes.filter((i) => isValidSlackRequest({ signingSecret: i.settings.signingSecret, body, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } }));
}

/** Picks the inbox for a workspace: the one watching this channel, else the first (DMs). */
export function pickInbox(candidates: SlackInbox[], teamId: string, channel: unknown): SlackInbox | null {
  const team = candidates.filter((c) => c.settings.teamId === teamId);
  return team.find((c) => typeof channel === 'string' && (c.settings.communityChannelIds.includes(channel) || c.settings.mirrorChannelId === channel)) ?? team[0] ?? null;
}

export async function loadSlackInboxes(host: ChannelHost): Promise<SlackInbox[]> {
  const all = await host.findInboxes('slack');
  return all.flatMap((inbox) => {
    const settings = readSettings(inbox.settings);
    return settings ? [{ inbox, settings }] : [];
  });
}

export interface SignedRequest { raw: Buffer; body: string; signers: SlackInbox[] }

/** Reads the body and checks Slack's signature; answers 413/401 itself and returns null then. */
export async function readSigned(host: ChannelHost, req: Request, res: Response): Promise<SignedRequest | null> {
  const raw = await readRaw(req);
  if (raw === 'too_large') {
    fail(res, 413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
    return null;
  }
  const signature = req.header('x-slack-signature');
  const timestamp = Number(req.header('x-slack-request-timestamp'));
  // Bolt rejects only old timestamps; a future one is as replayable, so both sides count.
  if (!signature || !Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > WINDOW_SEC) {
    fail(res, 401, 'INVALID_SIGNATURE', 'Missing, stale or future Slack request timestamp or signature');
    return null;
  }
  const body = raw.toString('utf8');
  const signers = signedBy(await loadSlackInboxes(host), body, signature, timestamp);
  if (signers.length === 0) {
    fail(res, 401, 'INVALID_SIGNATURE', 'The request signature is invalid');
    return null;
  }
  return { raw, body, signers };
}

export function verifySlackEvents(host: ChannelHost): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const signed = await readSigned(host, req, res);
      if (!signed) return;
      const { raw, body, signers } = signed;
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return fail(res, 400, 'MALFORMED_JSON', 'The request body is not valid JSON');
      }
      const envelope = slackEnvelope.safeParse(json);
      if (!envelope.success) {
        const issue = envelope.error.issues[0]!;
        return fail(res, 400, 'VALIDATION_FAILED', `${issue.path.join('.') || 'body'}: ${issue.message}`);
      }
      const e = envelope.data;
      if (e.type === 'app_rate_limited') {
        host.log.warn({ teamId: e.team_id, minute: e.minute_rate_limited }, 'slack: events for this workspace are being rate limited by Slack');
        res.status(200).end();
        return;
      }
      if (e.type === 'event_callback') {
        const chosen = pickInbox(signers, e.team_id, e.event.channel);
        // Acknowledged so Slack stops retrying: a workspace we do not serve will never succeed.
        if (!chosen) {
          host.log.info({ teamId: e.team_id, eventId: e.event_id }, 'slack: event from a workspace with no inbox ignored');
          res.status(200).end();
          return;
        }
        res.locals.slackInbox = chosen;
      }
      // Bolt reads the body from rawBody when the stream was already consumed.
      (req as Request & { rawBody?: Buffer }).rawBody = raw;
      next();
    } catch (err) {
      next(err);
    }
  };
}
