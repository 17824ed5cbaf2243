// Which message is a conversation's first response: the first public reply written by an agent.
// Private notes, bot and system messages (auto-replies, CSAT prompts) and customer messages never count.

export interface MessageFacts {
  authorKind: string;
  private: boolean;
  direction: string;
  createdAt: Date;
}

export function isFirstResponseCandidate(m: MessageFacts): boolean {
  return m.authorKind === 'agent' && !m.private && m.direction === 'out';
}

/** The first public agent message's time, or null when no agent has answered yet. */
export function firstResponseAt(messages: readonly MessageFacts[]): Date | null {
  let first: Date | null = null;
  for (const m of messages) if (isFirstResponseCandidate(m) && (!first || m.createdAt < first)) first = m.createdAt;
  return first;
}
