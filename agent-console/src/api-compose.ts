// Writing first: POST /api/conversations (an agent starts a conversation on email, SMS or WhatsApp).
import { request } from './api.js';
import type { Started, StartInput } from '../../server/conversations/start.js';
export { STARTABLE_CHANNELS } from '../../server/conversations/startable.js';

export type StartedConversation = Omit<Started, 'message'>;

export const composeApi = {
  start: (input: StartInput) => request<StartedConversation>('/api/conversations', { method: 'POST', body: input }),
};
