// Helpers shared by the voice routes: TwiML replies, call SIDs, callback URLs, call -> conversation.
import type { Response } from 'express';
import { AppError } from '../../server/errors.js';
import type { ChannelHost } from '../types.js';
import { callbackUrl, type VerifiedRequest } from './verify.js';

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;

export function sendTwiml(res: Response, xml: string): void {
  res.type('text/xml').send(xml);
}

/** Voicemail callbacks carry the inbox and caller: Twilio's recording callback has no From. */
export function voicemailUrls(v: VerifiedRequest, from: string) {
  const q = { inbox: v.inbox.id, from };
  return { recording: callbackUrl(v.base, 'voice', 'recording', q), transcription: callbackUrl(v.base, 'voice', 'transcription', q), done: callbackUrl(v.base, 'voice', 'voicemail-done', q) };
}

export function callSidOf(form: Record<string, string>): string {
  const sid = form.CallSid ?? '';
  if (!CALL_SID.test(sid)) throw new AppError('VALIDATION_FAILED', 'CallSid: must be a Twilio call SID', 'CallSid');
  return sid;
}

/** The conversation a call created at the menu (its first message is stored under CallSid:gather). */
export async function callConversation(host: ChannelHost, inboxId: string, callSid: string): Promise<string | null> {
  return (await host.findConversationByExternalIds(inboxId, [`${callSid}:gather`]))?.conversationId ?? null;
}

