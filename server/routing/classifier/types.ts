// Shared types and constants, kept separate so every module can import them cheaply.
export const REQUEST_TYPES = ['sales', 'support', 'complaint', 'billing'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];
/** The languages the product speaks to people (console, widget, customer texts). */
export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Priority = 0 | 1 | 2 | 3;

export interface Prediction {
  type: RequestType;
  confidence: number;
  scores: Record<RequestType, number>;
}

export interface Classification extends Prediction {
  priority: Priority;
  language: Language;
}

export interface Example {
  text: string;
  type: RequestType;
}
