// Public surface of the Twilio channels (SMS, WhatsApp, voice).
export { createMessagingAdapter, createVoiceAdapter, smsAdapter, voiceAdapter, whatsappAdapter, type VoiceAdapter } from './adapter.js';
export { connectCall, type ConnectCallInput } from './calls.js';
export { dialAgentTwiml, type AgentTarget } from './voice-twiml.js';
export { twilioSettingsSchema, type TwilioSettings } from './settings.js';
