// Customer 360 endpoints the profile edits with: custom attributes, leads, and the purchase CSV import.
import { request } from './api.js';

const enc = encodeURIComponent;

export const LEAD_STAGES = ['new', 'qualified', 'proposal', 'won', 'lost'] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];

/** A lead as GET /api/customers/:id and the /api/leads routes return it (the model has no currency). */
export interface Lead {
  id: string;
  conversationId: string | null;
  ownerId: string | null;
  valueCents: number;
  stage: LeadStage;
  createdAt: string;
  updatedAt: string;
}

export type AttributeValue = string | number | boolean;

/** GET /api/purchases/import/:jobId, as the server defines it. */
import type { ImportProgress } from '../../server/customers/import-job.js';
export type { ImportProgress };
export type { RowError as ImportRowError } from '../../server/customers/import-rows.js';

/** The server's limit for one CSV upload (MAX_IMPORT_BYTES). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export const customersApi = {
  /** PATCH replaces the whole attribute map, so callers send every attribute they keep. */
  saveAttributes: (customerId: string, attributes: Record<string, AttributeValue>) =>
    request<{ attributes: Record<string, AttributeValue> }>(`/api/customers/${enc(customerId)}`, { method: 'PATCH', body: { attributes } }),
  createLead: (input: { conversationId: string; valueCents: number; stage: LeadStage }) => request<Lead>('/api/leads', { method: 'POST', body: input }),
  updateLead: (id: string, patch: { valueCents?: number; stage?: LeadStage }) => request<Lead>(`/api/leads/${enc(id)}`, { method: 'PATCH', body: patch }),
  startImport: (file: Blob) =>
    request<{ jobId: string; total: number; status: ImportProgress['status'] }>('/api/purchases/import', { method: 'POST', raw: { contentType: 'text/csv', data: file } }),
  importProgress: (jobId: string) => request<ImportProgress>(`/api/purchases/import/${enc(jobId)}`),
};
