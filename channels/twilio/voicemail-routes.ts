// Voicemail callbacks: the recording (fetched and attached, URL in the text) and its transcription
// become customer messages in the call's conversation (threadKey = CallSid).
import { Router } from 'express';
import { AppError } from '../../server/errors.js';
import type { ChannelHost, InboundAttachment } from '../types.js';
import { fetchTwilioFile } from './media.js';
import { isE164 } from './phone.js';
import { requirePhone, verifyTwilio, type VerifiedRequest } from './verify.js';
import { callSidOf, sendTwiml } from './voice-common.js';
import { goodbyeTwiml } from './voice-twiml.js';
import { langOf } from './voice-text.js';

const RECORDING_SID = /^RE[0-9a-fA-F]{32}$/;

/** The caller: from our own signed callback URL, else Twilio's standard From field. */
function callerOf(v: VerifiedRequest, query: Record<string, unknown>): string {
  return typeof query.from === 'string' && isE164(query.from) ? query.from : requirePhone(v.form, 'From');
}

function recordingOf(v: VerifiedRequest): { sid: string; url: string } {
  const sid = v.form.RecordingSid ?? '';
  if (!RECORDING_SID.test(sid)) throw new AppError('VALIDATION_FAILED', 'RecordingSid: must be a Twilio recording SID', 'RecordingSid');
  const url = v.form.RecordingUrl ?? '';
  if (!/^https?:\/\//.test(url)) throw new AppError('VALIDATION_FAILED', 'RecordingUrl: must be a URL', 'RecordingUrl');
  // Twilio serves the recording as MP3 when the URL ends in .mp3; an <audio> element plays that.
  return { sid, url: url.endsWith('.mp3') ? url : `${url}.mp3` };
}

export function voicemailRoutes(host: ChannelHost): Router {
  const r = Router();

  r.post('/recording', async (req, res) => {
    const v = await verifyTwilio(host, req, 'voice');
    const callSid = callSidOf(v.form);
    const from = callerOf(v, req.query);
    if ((v.form.RecordingStatus ?? 'completed') !== 'completed') return void res.status(204).end();
    const rec = recordingOf(v);
    const seconds = Number(v.form.RecordingDuration ?? 0);
    const attachments: InboundAttachment[] = [];
    let note = '';
    try {
      const file = await fetchTwilioFile(rec.url, v.settings, 'audio/mpeg', ['audio/*']);
      attachments.push({ filename: `voicemail-${rec.sid}.mp3`, contentType: file.contentType, data: file.data });
    } catch (err) {
      // The link still works for staff with Twilio access; the message must not be lost.
      note = ` [recording not attached: ${err instanceof Error ? err.message : String(err)}]`;
    }
    await host.receive({
      inboxId: v.inbox.id, channel: 'voice', sender: { kind: 'phone', value: from, verified: true },
      text: `Voicemail (${seconds}s): ${rec.url}${note}`, externalId: rec.sid, threadKey: callSid,
      ...(attachments.length ? { attachments } : {}),
    });
    res.status(204).end();
  });

  r.post('/transcription', async (req, res) => {
    const v = await verifyTwilio(host, req, 'voice');
    const callSid = callSidOf(v.form);
    const from = callerOf(v, req.query);
    const rec = recordingOf(v);
    const ok = (v.form.TranscriptionStatus ?? 'completed') === 'completed';
    const transcript = (v.form.TranscriptionText ?? '').trim();
    const text = ok && transcript ? `Voicemail transcription: ${transcript}\nRecording: ${rec.url}` : `Voicemail could not be transcribed. Recording: ${rec.url}`;
    await host.receive({ inboxId: v.inbox.id, channel: 'voice', sender: { kind: 'phone', value: from, verified: true }, text, externalId: `${rec.sid}:transcription`, threadKey: callSid });
    res.status(204).end();
  });

  // <Record action>: the caller finished; without it Twilio would replay the record prompt.
  r.post('/voicemail-done', async (req, res) => {
    const v = await verifyTwilio(host, req, 'voice');
    sendTwiml(res, goodbyeTwiml(langOf(v.inbox.language)));
  });
  return r;
}
