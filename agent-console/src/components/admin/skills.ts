// Agent skills typed as comma-separated tags in the routing admin.

/** "billing, de,,billing " → ["billing", "de"]: trimmed, no empties, no repeats. */
export function parseSkills(text: string): string[] {
  return [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
}
