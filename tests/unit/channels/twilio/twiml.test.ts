// TwiML from the voice flow, read back with a strict XML reader and checked against Twilio's verbs.
import { describe, expect, it } from 'vitest';
import { settingsOf } from '../../../../channels/twilio/settings.js';
import { dialAgentTwiml, enqueueTwiml, goodbyeTwiml, menuTwiml, queueName, voicemailTwiml, waitTwiml } from '../../../../channels/twilio/voice-twiml.js';
import { ACCOUNT_SID, AUTH_TOKEN, findAll, parseTwiml, parseXml } from '../../../helpers/twilio-standin.js';

const s = settingsOf({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, phoneNumber: '+14155550100', greeting: { en: 'Welcome to Acme & Co.' } });

describe('twilio voice TwiML', () => {
  it('the menu is a greeting inside <Gather input="speech dtmf"> posting to the gather URL', () => {
    const root = parseTwiml(menuTwiml(s, 'en', 'https://x.test/channels/voice/gather?inbox=i1&a=b'));
    const [gather] = root.children;
    expect(gather?.name).toBe('Gather');
    expect(gather?.attrs).toMatchObject({ input: 'speech dtmf', numDigits: '1', action: 'https://x.test/channels/voice/gather?inbox=i1&a=b', method: 'POST', actionOnEmptyResult: 'true', language: 'en-US' });
    const say = findAll(root, 'Say')[0]!;
    expect(say.text).toContain('Welcome to Acme & Co.');
    expect(say.text).toContain('Press 1 for sales, 2 for support, 3 for billing, 4 for complaints, or say what you need.');
  });

  it('speaks Chinese for a zh inbox (Say zh-CN, speech recognition cmn-Hans-CN)', () => {
    const root = parseTwiml(menuTwiml(s, 'zh', 'https://x.test/g'));
    expect(root.children[0]?.attrs.language).toBe('cmn-Hans-CN');
    expect(findAll(root, 'Say')[0]?.attrs.language).toBe('zh-CN');
  });

  it('enqueues into a per-team queue with wait and action URLs', () => {
    const root = parseTwiml(enqueueTwiml('en', queueName('inbox1', 'sales'), 'sales', 'https://x.test/wait', 'https://x.test/result'));
    expect(root.children.map((c) => c.name)).toEqual(['Say', 'Enqueue']);
    expect(root.children[1]).toMatchObject({ text: 'sb-inbox1-sales', attrs: { waitUrl: 'https://x.test/wait', waitUrlMethod: 'POST', action: 'https://x.test/result' } });
  });

  it('the hold loop announces the position and plays music; past the limit it leaves', () => {
    const root = parseTwiml(waitTwiml('en', 3, 'https://music.test/hold.mp3', false));
    expect(root.children.map((c) => [c.name, c.text])).toEqual([['Say', 'You are number 3 in the queue.'], ['Play', 'https://music.test/hold.mp3']]);
    expect(parseTwiml(waitTwiml('en', 3, 'https://music.test/hold.mp3', true)).children.map((c) => c.name)).toEqual(['Leave']);
  });

  it('voicemail records with transcription and recording callbacks, then an action that hangs up', () => {
    const root = parseTwiml(voicemailTwiml(s, 'en', 'closed', { recording: 'https://x.test/rec?inbox=1&from=%2B1', transcription: 'https://x.test/tr', done: 'https://x.test/done' }));
    const record = findAll(root, 'Record')[0]!;
    expect(record.attrs).toMatchObject({ transcribe: 'true', transcribeCallback: 'https://x.test/tr', recordingStatusCallback: 'https://x.test/rec?inbox=1&from=%2B1', action: 'https://x.test/done', maxLength: '120' });
    expect(findAll(root, 'Say')[0]?.text).toMatch(/closed/);
    expect(parseTwiml(goodbyeTwiml('en')).children.map((c) => c.name)).toEqual(['Say', 'Hangup']);
  });

  it('dials an agent by number or browser client identity', () => {
    const num = parseTwiml(dialAgentTwiml({ number: '+14155550111' }, { callerId: '+14155550100' }));
    expect(num.children[0]).toMatchObject({ name: 'Dial', attrs: { callerId: '+14155550100' } });
    expect(findAll(num, 'Number')[0]?.text).toBe('+14155550111');
    expect(findAll(parseTwiml(dialAgentTwiml({ client: 'agent_42' })), 'Client')[0]?.text).toBe('agent_42');
  });

  it('the XML reader is strict', () => {
    expect(() => parseXml('<Response><Say>x</Response>')).toThrow(/closes/);
    expect(() => parseXml('<Response a="1" a="2"/>')).toThrow(/duplicate/);
    expect(() => parseXml('<Response/><Extra/>')).toThrow(/after the root/);
    expect(() => parseTwiml('<Response><Gather><Dial/></Gather></Response>')).toThrow(/not a documented child/);
    expect(() => parseTwiml('<Reply/>')).toThrow(/root/);
  });
});
