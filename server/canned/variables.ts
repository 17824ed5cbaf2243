// The variables a saved reply may use, declared once: the picker lists them, the renderer fills them.
export const CANNED_VARIABLES = [
  'customer.name', 'customer.firstName', 'customer.email', 'customer.phone', 'customer.company', 'customer.lastOrder',
  'agent.name', 'agent.firstName', 'agent.email', 'team.name', 'conversation.id',
] as const;
export type CannedVariable = (typeof CANNED_VARIABLES)[number];
export type VariableValues = Partial<Record<CannedVariable, string | null | undefined>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z]+\.[A-Za-z]+)\s*\}\}/g;

export interface Rendered {
  text: string;
  /** Placeholders left in `text` as written: unknown names, or data this conversation lacks. */
  missing: string[];
}

/** Fills `{{name}}` placeholders; anything it cannot fill stays visible, so nothing is sent as a silent blank. */
export function renderTemplate(body: string, values: VariableValues): Rendered {
  const missing = new Set<string>();
  const text = body.replace(PLACEHOLDER, (whole, name: string) => {
    const value = (values as Record<string, string | null | undefined>)[name];
    if (typeof value === 'string' && value.trim()) return value;
    missing.add(name);
    return whole;
  });
  return { text, missing: [...missing] };
}

/** Placeholders still in a draft (the composer blocks sending them unfilled). */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

export const firstName = (name: string | null | undefined): string | null => name?.trim().split(/\s+/)[0] || null;
