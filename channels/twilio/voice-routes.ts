// Voice webhooks, mounted at /channels/voice: menu -> queue (hold music, position) -> agent or
// voicemail; call events become system lines in the caller's conversation.
import express, { Router } from 'express';
import { isOpen } from '../../server/routing/hours.js';
import type { ChannelHost } from '../types.js';
import { messageStatusHandler } from './messaging-routes.js';
import { isE164 } from './phone.js';
import { callbackUrl, requirePhone, verifyTwilio, type VerifiedRequest } from './verify.js';
import { callConversation, callSidOf, sendTwiml, voicemailUrls } from './voice-common.js';
import { surveyOrGoodbye, voiceSurveyRoutes } from './voice-survey.js';
import { voicemailRoutes } from './voicemail-routes.js';
import { langOf, teamName, voiceText } from './voice-text.js';
import { emptyVoiceTwiml, enqueueTwiml, menuTwiml, queueName, voicemailTwiml, waitTwiml } from './voice-twiml.js';

const ENDED = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/**
 * A call that ended with no conversation hung up at the menu (or while ringing): stored once (a
 * redelivered callback dedupes on CallSid:missed) as a customer message so someone calls back. Outside business hours the caller was offered voicemail instead,
 * and the recording callbacks tell that story.
 */
async function recordMissedCall(host: ChannelHost, v: VerifiedRequest, callSid: string, status: string): Promise<void> {
  const seconds = Number(v.form.CallDuration ?? 0) || 0;
  if (!isOpen(v.settings.businessHours ?? null, Date.now() - seconds * 1000)) return;
  const from = requirePhone(v.form, 'From');
  const text = status === 'completed' ? `Missed call: the caller hung up at the phone menu after ${seconds}s` : `Missed call: ${status} before the call was answered`;
  await host.receive({ inboxId: v.inbox.id, channel: 'voice', sender: { kind: 'phone', value: from, verified: true }, text, externalId: `${callSid}:missed`, threadKey: callSid, routingHint: { team: 'triage', reason: 'hung up at the phone menu' } });
}

export function voiceRoutes(host: ChannelHost): Router {
  const r = Router();
  r.use(express.urlencoded({ extended: false, limit: '64kb' }));

  r.post('/incoming', async (req, res) => {
    const v = await verifyTwilio(host, req, 'voice');
    const from = requirePhone(v.form, 'From');
    callSidOf(v.form);
    const lang = langOf(v.inbox.language);
    if (!isOpen(v.settings.businessHours ?? null, Date.now())) return sendTwiml(res, voicemailTwiml(v.settings, lang, 'closed', voicemailUrls(v, from)));
    sendTwiml(res, menuTwiml(v.settings, lang, callbackUrl(v.base, 'voice', 'gather', { inbox: v.inbox.id })));
  });

  r.post('/gather', async (req, res) => {
    const v = await verifyTwilio(host, req, 'voice');
    const from = requirePhone(v.form, 'From');
    const callSid = callSidOf(v.form);
    const lang = langOf(v.inbox.language);
    const digits = (v.form.Digits ?? '').trim();
    const speech = (v.form.SpeechResult ?? '').trim();
    let team: string;
    let text: string;
    let reason: string;
    if (digits) {
      const chosen = v.settings.menu[digits];
      // A key outside the menu: say so and offer the menu again.
      if (!chosen) return sendTwiml(res, menuTwiml(v.settings, lang, callbackUrl(v.base, 'voice', 'gather', { inbox: v.inbox.id }), voiceText(lang).badChoice));
      team = chosen;
      text = `Caller chose ${teamName('en', team)}`;
      reason = `phone menu: pressed ${digits}`;
    } else if (speech) {
      team = host.classify(speech).team;
      text = speech;
      reason = 'phone menu: said what they need';
    } else {
      team = 'triage';
      text = 'Caller made no menu choice';
      reason = 'phone menu: no choice';
    }
    // The caller waits in this team's Twilio queue: the conversation must be routed to the same team.
    const stored = await host.receive({ inboxId: v.inbox.id, channel: 'voice', sender: { kind: 'phone', value: from, verified: true }, text, externalId: `${callSid}:gather`, threadKey: callSid, routingHint: { team, reason } });
    if (stored.created) {
      await host.addSystemMessage(stored.conversationId, `Call from ${from} answered by the phone menu (call ${callSid})`);
      await host.addSystemMessage(stored.conversationId, `Caller queued for ${team}`);
    }
    const q = { inbox: v.inbox.id, team };
    sendTwiml(res, enqueueTwiml(lang, queueName(v.inbox.id, team), team, callbackUrl(v.base, 'voice', 'wait', q), callbackUrl(v.base, 'voice', 'queue-result', { ...q, from })));
  });

  r.post('/wait', async (req, res) => {
    const v = await verifyTwilio(host, req, 'voice');
    const waited = Number(v.form.QueueTime ?? 0);
    const position = Number.parseInt(v.form.QueuePosition ?? '0', 10) || 0;
    sendTwiml(res, waitTwiml(langOf(v.inbox.language), position, v.settings.holdMusicUrl, waited >= v.settings.maxWaitSeconds));
  });

  // <Enqueue action>: the caller left the queue (bridged, hung up, or our <Leave/> after the wait limit).
  r.post('/queue-result', async (req, res) => {
    const v = await verifyTwilio(host, req, 'voice');
    const callSid = callSidOf(v.form);
    const result = v.form.QueueResult ?? 'unknown';
    const waited = Number(v.form.QueueTime ?? 0);
    const conversationId = await callConversation(host, v.inbox.id, callSid);
    const line = result === 'bridged' ? `Caller connected to an agent after waiting ${waited}s`
      : result === 'hangup' ? `Caller hung up after waiting ${waited}s`
      : `Caller left the queue after ${waited}s (${result}); offered voicemail`;
    if (conversationId) await host.addSystemMessage(conversationId, line);
    // Dequeued by an agent's <Dial><Queue>: Twilio asks once the agent has left, so the survey follows.
    if (result === 'bridged') return sendTwiml(res, await surveyOrGoodbye(host, v, conversationId));
    if (result === 'hangup') return sendTwiml(res, emptyVoiceTwiml());
    const from = typeof req.query.from === 'string' && isE164(req.query.from) ? req.query.from : requirePhone(v.form, 'From');
    sendTwiml(res, voicemailTwiml(v.settings, langOf(v.inbox.language), 'busy', voicemailUrls(v, from)));
  });

  // The number's call status callback: answered, ended (with duration), busy, failed, no-answer.
  r.post('/status', async (req, res) => {
    const v = await verifyTwilio(host, req, 'voice');
    const callSid = callSidOf(v.form);
    const status = (v.form.CallStatus ?? '').toLowerCase();
    const conversationId = await callConversation(host, v.inbox.id, callSid);
    if (!conversationId && ENDED.has(status)) {
      await recordMissedCall(host, v, callSid, status);
      return void res.status(204).end();
    }
    const line = status === 'completed' ? `Call ended after ${Number(v.form.CallDuration ?? 0)}s`
      : status === 'in-progress' ? 'Call answered'
      : status === 'queued' || status === 'ringing' || status === 'initiated' ? null
      : `Call ${status || 'status unknown'}`;
    // Keyed by call and status: a redelivered callback adds nothing.
    if (conversationId && line) await host.addSystemMessage(conversationId, line, `${callSid}:status:${status}`);
    res.status(204).end();
  });

  r.post('/message-status', messageStatusHandler('voice', host));
  r.use(voicemailRoutes(host));
  r.use(voiceSurveyRoutes(host));
  return r;
}
