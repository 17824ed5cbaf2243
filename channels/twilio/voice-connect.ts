// Connecting a waiting caller to the agent with a <Dial action>: when the agent's leg ends, Twilio
// asks /dial-done what the caller hears next (the keypad survey, or voicemail if nobody answered).
import type { ChannelHost } from '../types.js';
import { connectCall, type ConnectCallInput } from './calls.js';
import { settingsOf } from './settings.js';
import { callbackUrl } from './verify.js';

export async function connectCallWithSurvey(host: ChannelHost | null, input: ConnectCallInput): Promise<{ callSid: string; status: string }> {
  const s = settingsOf(input.settings);
  const base = (s.webhookBaseUrl ?? host?.publicUrl ?? '').replace(/\/+$/, '');
  // Without a public origin Twilio cannot call us back: a plain bridge, as before.
  if (!base) return connectCall(input);
  return connectCall(input, callbackUrl(base, 'voice', 'dial-done'));
}
