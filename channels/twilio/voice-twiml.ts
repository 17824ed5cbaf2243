// TwiML documents for the voice flow, built with the twilio library's VoiceResponse.
import twilio from 'twilio';
import type { TwilioSettings } from './settings.js';
import { gatherLanguage, greetingOf, menuPromptOf, sayLanguage, teamName, voiceText, type Lang } from './voice-text.js';

const { VoiceResponse } = twilio.twiml;

/** Greeting plus a one-digit or spoken menu; silence posts an empty result so we can still route. */
export function menuTwiml(s: TwilioSettings, lang: Lang, gatherUrl: string, prefix?: string): string {
  const r = new VoiceResponse();
  const gather = r.gather({ input: ['speech', 'dtmf'], numDigits: 1, timeout: 6, speechTimeout: 'auto', language: gatherLanguage(lang), action: gatherUrl, method: 'POST', actionOnEmptyResult: true });
  gather.say({ language: sayLanguage(lang) }, [prefix, greetingOf(s, lang), menuPromptOf(s, lang)].filter(Boolean).join(' '));
  return r.toString();
}

/** Per-team queue name: one Twilio queue per inbox and team (at most 64 characters). */
export function queueName(inboxId: string, team: string): string {
  return `sb-${inboxId}-${team}`.slice(0, 64);
}

export function enqueueTwiml(lang: Lang, queue: string, team: string, waitUrl: string, actionUrl: string): string {
  const r = new VoiceResponse();
  r.say({ language: sayLanguage(lang) }, voiceText(lang).connecting(teamName(lang, team)));
  r.enqueue({ waitUrl, waitUrlMethod: 'POST', action: actionUrl, method: 'POST' }, queue);
  return r.toString();
}

/** Hold loop: Twilio replays the waitUrl document until the call is dequeued or leaves. */
export function waitTwiml(lang: Lang, position: number, holdMusicUrl: string, leave: boolean): string {
  const r = new VoiceResponse();
  if (leave) {
    // Leaving ends <Enqueue>; its action URL then offers voicemail.
    r.leave();
    return r.toString();
  }
  if (position > 0) r.say({ language: sayLanguage(lang) }, voiceText(lang).position(position));
  r.play(holdMusicUrl);
  return r.toString();
}

export interface VoicemailUrls {
  recording: string;
  transcription: string;
  done: string;
}

export function voicemailTwiml(s: TwilioSettings, lang: Lang, reason: 'closed' | 'busy', urls: VoicemailUrls): string {
  const r = new VoiceResponse();
  r.say({ language: sayLanguage(lang) }, voiceText(lang)[reason]);
  r.record({
    maxLength: s.maxVoicemailSeconds, playBeep: true, finishOnKey: '#',
    transcribe: true, transcribeCallback: urls.transcription,
    recordingStatusCallback: urls.recording, recordingStatusCallbackMethod: 'POST', recordingStatusCallbackEvent: ['completed'],
    // Without an action Twilio would re-request this document and record again.
    action: urls.done, method: 'POST',
  });
  return r.toString();
}

export function goodbyeTwiml(lang: Lang): string {
  const r = new VoiceResponse();
  r.say({ language: sayLanguage(lang) }, voiceText(lang).thanks);
  r.hangup();
  return r.toString();
}

export function emptyVoiceTwiml(): string {
  return new VoiceResponse().toString();
}

export type AgentTarget = { number: string } | { client: string };

/** Bridges the caller to an agent: a phone number or a Twilio Client (browser) identity. */
export function dialAgentTwiml(target: AgentTarget, opts: { callerId?: string; timeoutSec?: number; actionUrl?: string } = {}): string {
  const r = new VoiceResponse();
  const dial = r.dial({ timeout: opts.timeoutSec ?? 30, ...(opts.callerId ? { callerId: opts.callerId } : {}), ...(opts.actionUrl ? { action: opts.actionUrl, method: 'POST' } : {}) });
  if ('number' in target) dial.number(target.number);
  else dial.client(target.client);
  return r.toString();
}
