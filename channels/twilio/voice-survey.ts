// The keypad survey at the end of a call: when the agent's leg ends, Twilio asks what the caller
// hears next; they are asked to press 1-5 (voiceTwiml) and the digit is stored once as the CSAT score.
import { Router } from 'express';
import twilio from 'twilio';
import { voiceTwiml } from '../../server/csat/prompts.js';
import { AppError } from '../../server/errors.js';
import type { ChannelHost } from '../types.js';
import { callbackUrl, requirePhone, verifyTwilio, type VerifiedRequest } from './verify.js';
import { callConversation, callSidOf, sendTwiml, voicemailUrls } from './voice-common.js';
import { langOf, sayLanguage, voiceText, type Lang } from './voice-text.js';
import { goodbyeTwiml, voicemailTwiml } from './voice-twiml.js';

const { VoiceResponse } = twilio.twiml;

function sayAndHangUp(lang: Lang, text: string): string {
  const r = new VoiceResponse();
  r.say({ language: sayLanguage(lang) }, text);
  r.hangup();
  return r.toString();
}

function keypad(v: VerifiedRequest, token: string, retry: boolean): string {
  const lang = langOf(v.inbox.language);
  const t = voiceText(lang);
  const url = callbackUrl(v.base, 'voice', 'csat', { inbox: v.inbox.id, token, ...(retry ? { retry: '1' } : {}) });
  return voiceTwiml(url, { prompt: retry ? `${t.surveyRetry} ${t.survey}` : t.survey, thanks: t.thanks, language: sayLanguage(lang) });
}

/** What the caller hears once the agent has left: the survey, or goodbye when already rated. */
export async function surveyOrGoodbye(host: ChannelHost, v: VerifiedRequest, conversationId: string | null): Promise<string> {
  const token = conversationId && host.csat ? await host.csat.tokenFor(conversationId) : null;
  return token ? keypad(v, token, false) : goodbyeTwiml(langOf(v.inbox.language));
}

export function voiceSurveyRoutes(host: ChannelHost): Router {
  const r = Router();

  // <Dial action> of connectCall: the agent's leg ended (or never answered) and the caller is still there.
  r.post('/dial-done', async (req, res) => {
    const v = await verifyTwilio(host, req, 'voice');
    const callSid = callSidOf(v.form);
    const status = (v.form.DialCallStatus ?? '').toLowerCase();
    const conversationId = await callConversation(host, v.inbox.id, callSid);
    const dialSid = v.form.DialCallSid ?? callSid;
    if (status === 'completed' || status === 'answered') {
      if (conversationId) await host.addSystemMessage(conversationId, `Agent call ended after ${Number(v.form.DialCallDuration ?? 0)}s`, `${dialSid}:dial-done`);
      return sendTwiml(res, await surveyOrGoodbye(host, v, conversationId));
    }
    // busy, no-answer, failed, canceled: nobody picked up, so the caller may leave a message.
    if (conversationId) await host.addSystemMessage(conversationId, `The agent did not answer (${status || 'unknown'}); offered voicemail`, `${dialSid}:dial-done`);
    sendTwiml(res, voicemailTwiml(v.settings, langOf(v.inbox.language), 'busy', voicemailUrls(v, requirePhone(v.form, 'From'))));
  });

  // The survey's <Gather action>: one digit, stored once.
  r.post('/csat', async (req, res) => {
    const v = await verifyTwilio(host, req, 'voice');
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    if (!token || token.length > 400) throw new AppError('VALIDATION_FAILED', 'token: required', 'token');
    const lang = langOf(v.inbox.language);
    const t = voiceText(lang);
    const digits = (v.form.Digits ?? '').trim();
    if (!/^[1-5]$/.test(digits)) {
      // One more chance after a wrong key; then goodbye without a rating.
      return sendTwiml(res, req.query.retry === '1' ? goodbyeTwiml(lang) : keypad(v, token, true));
    }
    const outcome = host.csat ? await host.csat.submit({ token, score: Number(digits) }) : 'invalid';
    sendTwiml(res, sayAndHangUp(lang, outcome === 'saved' ? t.rated : outcome === 'duplicate' ? t.alreadyRated : t.thanks));
  });

  return r;
}
