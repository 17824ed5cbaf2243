// The dataset of issue 19 at a scale: 1 = a year of a busy desk (about 1M messages), 0.01 = the
// small comparison. The two big conversations keep their size at every scale, so opening them
// measures the history around them, not their own length.
export interface Shape {
  scale: number;
  customers: number;
  conversations: number;
  messages: number;
  routingEvents: number;
  csat: number;
  articles: number;
  open: number;
  agents: number;
  days: number;
  bigConversations: number[];
}

export function shapeAt(scale: number): Shape {
  const n = (full: number, min = 1) => Math.max(min, Math.round(full * scale));
  return {
    scale,
    customers: n(50_000, 50),
    conversations: n(200_000, 200),
    messages: n(912_000, 900),
    routingEvents: n(400_000, 400),
    csat: n(48_000, 48),
    articles: n(5_000, 20),
    open: n(2_000, 20),
    agents: 40,
    days: 365,
    bigConversations: [500, 5_000],
  };
}
