// Where a saved reply lives; shared by the API schemas and the console (no imports, so the bundle stays small).
export const SCOPES = ['personal', 'team', 'global'] as const;
export type CannedScope = (typeof SCOPES)[number];
