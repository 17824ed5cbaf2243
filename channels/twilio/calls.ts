// Connecting a waiting caller to the agent who accepted: redirect the live call to <Dial>.
import { toDeliveryError, twilioClient } from './client.js';
import { isE164 } from './phone.js';
import { settingsOf } from './settings.js';
import { dialAgentTwiml, type AgentTarget } from './voice-twiml.js';

export interface ConnectCallInput {
  /** The voice inbox's stored settings (credentials and number). */
  settings: Record<string, unknown>;
  /** The caller's call: the conversation's thread key. */
  callSid: string;
  /** The agent: a phone number (E.164) or a Twilio Client identity for a browser softphone. */
  target: AgentTarget;
}

/** Updating the call replaces its <Enqueue>, so the caller leaves the queue and rings the agent. */
/** `actionUrl`: where Twilio asks what the caller hears when the agent's leg ends. */
export async function connectCall(input: ConnectCallInput, actionUrl?: string): Promise<{ callSid: string; status: string }> {
  if (!/^CA[0-9a-fA-F]{32}$/.test(input.callSid)) throw new Error('callSid: must be a Twilio call SID');
  if ('number' in input.target && !isE164(input.target.number)) throw new Error('target.number: must be an E.164 phone number');
  if ('client' in input.target && !/^[A-Za-z0-9_.-]{1,121}$/.test(input.target.client)) throw new Error('target.client: must be a Twilio Client identity');
  const s = settingsOf(input.settings);
  try {
    const call = await twilioClient(s).calls(input.callSid).update({ twiml: dialAgentTwiml(input.target, { callerId: s.phoneNumber, ...(actionUrl ? { actionUrl } : {}) }) });
    return { callSid: call.sid, status: call.status };
  } catch (err) {
    throw toDeliveryError(err);
  }
}
