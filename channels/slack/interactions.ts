// Interactivity requests (button clicks): form-encoded `payload=<json>`, signed like events. Verified
// and validated here before Bolt sees them: forged -> 401, malformed -> 400, never a 500.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { SLACK_BLOCK_PREFIX } from '../../server/csat/prompts.js';
import type { ChannelHost } from '../types.js';
import { fail, pickInbox, readSigned } from './verify.js';

const FORM = 'application/x-www-form-urlencoded';

const interaction = z.looseObject({ type: z.string().min(1).max(100) });

export const blockActions = z.looseObject({
  type: z.literal('block_actions'),
  team: z.looseObject({ id: z.string().min(1) }).nullish(),
  user: z.looseObject({ id: z.string().min(1), team_id: z.string().min(1).optional() }),
  channel: z.looseObject({ id: z.string().min(1) }).nullish(),
  response_url: z.url({ protocol: /^https?$/ }).optional(),
  actions: z.array(z.looseObject({ action_id: z.string().min(1).max(255), block_id: z.string().min(1).max(255), value: z.string().max(2000).optional() })).min(1).max(25),
});
export type BlockActions = z.infer<typeof blockActions>;

/** The rating button among the clicked actions, if any. */
export function csatAction(payload: BlockActions): { score: number; token: string } | null {
  const a = payload.actions.find((x) => x.block_id.startsWith(SLACK_BLOCK_PREFIX) && /^csat_[1-5]$/.test(x.action_id));
  return a ? { score: Number(a.action_id.slice('csat_'.length)), token: a.block_id.slice(SLACK_BLOCK_PREFIX.length) } : null;
}

function parsePayload(body: string): { ok: true; value: unknown } | { ok: false; code: string; message: string } {
  const payload = new URLSearchParams(body).get('payload');
  if (!payload) return { ok: false, code: 'VALIDATION_FAILED', message: 'payload: required (a JSON interaction payload)' };
  try {
    return { ok: true, value: JSON.parse(payload) };
  } catch {
    return { ok: false, code: 'MALFORMED_JSON', message: 'payload: not valid JSON' };
  }
}

export function verifySlackInteractions(host: ChannelHost): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const signed = await readSigned(host, req, res);
      if (!signed) return;
      if ((req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase() !== FORM) return fail(res, 400, 'VALIDATION_FAILED', `content-type: must be ${FORM}`);
      const parsed = parsePayload(signed.body);
      if (!parsed.ok) return fail(res, 400, parsed.code, parsed.message);
      const base = interaction.safeParse(parsed.value);
      if (!base.success) return fail(res, 400, 'VALIDATION_FAILED', `payload.${base.error.issues[0]!.path.join('.') || 'type'}: ${base.error.issues[0]!.message}`);
      // Shortcuts, modals and other buttons are not ours: acknowledged so Slack shows no error.
      if (base.data.type !== 'block_actions') return void res.status(200).end();
      const actions = blockActions.safeParse(parsed.value);
      if (!actions.success) {
        const issue = actions.error.issues[0]!;
        return fail(res, 400, 'VALIDATION_FAILED', `payload.${issue.path.join('.')}: ${issue.message}`);
      }
      const p = actions.data;
      const chosen = pickInbox(signed.signers, p.team?.id ?? p.user.team_id ?? '', p.channel?.id);
      if (!csatAction(p) || !chosen) return void res.status(200).end();
      res.locals.slackInbox = chosen;
      // Bolt parses the body again from rawBody and wants the bare form content type.
      req.headers['content-type'] = FORM;
      (req as Request & { rawBody?: Buffer }).rawBody = signed.raw;
      next();
    } catch (err) {
      next(err);
    }
  };
}
