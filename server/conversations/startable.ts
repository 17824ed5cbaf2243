// The channels an agent may write first on, and the identity each addresses; shared with the console (type imports only).
import type { IdentityKind } from '../../channels/types.js';
import type { Channel } from '../realtime/contract.js';

export const STARTABLE: Partial<Record<Channel, IdentityKind>> = { email: 'email', sms: 'phone', whatsapp: 'phone' };
export const STARTABLE_CHANNELS = Object.keys(STARTABLE) as Channel[];
