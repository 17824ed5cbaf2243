// Merging two customer records in one transaction, recorded in the audit log with every moved id
// so an undo restores exactly what moved (rows created on the target later stay there).
import type { Db, Prisma } from '../db/client.js';
import type { DomainBus } from '../domain/events.js';
import './events.js';
import { AppError } from '../errors.js';
import { enqueueCustomerUpdated } from '../webhooks/enqueue.js';

type Tx = Prisma.TransactionClient;
const FIELDS = ['name', 'email', 'phone', 'company'] as const;
type Field = (typeof FIELDS)[number];

export interface MergeRecord {
  targetId: string;
  sourceId: string;
  moved: { conversations: string[]; identities: string[]; purchases: string[]; leads: string[] };
  /** Empty target fields filled from the source: restored to null on undo if still unchanged. */
  filled: Partial<Record<Field, string>>;
  reason: string;
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

export async function mergeCustomers(db: Db, bus: DomainBus, targetId: string, sourceId: string, actorId: string | null, reason = 'manual'): Promise<{ auditId: string; record: MergeRecord }> {
  if (targetId === sourceId) throw new AppError('VALIDATION_FAILED', 'sourceId: cannot merge a customer into itself', 'sourceId');
  const merged = await db.$transaction(async (tx) => {
    const result = await mergeInTx(tx, targetId, sourceId, actorId, reason);
    await enqueueCustomerUpdated(tx, targetId, 'merge', result.auditId);
    return result;
  });
  // The webhook jobs were enqueued in the merge's transaction; the audit id names the change.
  bus.emit('customer.updated', { customerId: targetId, change: 'merge', version: merged.auditId, webhooksQueued: true });
  bus.emit('customer.identities_changed', { customerIds: [targetId, sourceId] });
  return merged;
}

export async function mergeInTx(tx: Tx, targetId: string, sourceId: string, actorId: string | null, reason: string): Promise<{ auditId: string; record: MergeRecord }> {
  // Claim the source first: a concurrent merge of the same source matches nothing here.
  const claimed = await tx.customer.updateMany({ where: { id: sourceId, mergedIntoId: null, NOT: { id: targetId } }, data: { mergedIntoId: targetId } });
  const target = await tx.customer.findUnique({ where: { id: targetId } });
  if (!target || target.mergedIntoId) throw new AppError('CUSTOMER_NOT_FOUND', 'The target customer does not exist or was merged away');
  if (claimed.count !== 1) {
    const exists = await tx.customer.findUnique({ where: { id: sourceId }, select: { id: true } });
    throw exists ? new AppError('CONFLICT', 'The source customer was already merged', 'sourceId') : new AppError('CUSTOMER_NOT_FOUND', 'No such source customer', 'sourceId');
  }
  const source = await tx.customer.findUniqueOrThrow({ where: { id: sourceId } });
  const where = { customerId: sourceId };
  const moved = {
    conversations: ids(await tx.conversation.findMany({ where, select: { id: true } })),
    identities: ids(await tx.customerIdentity.findMany({ where, select: { id: true } })),
    purchases: ids(await tx.purchase.findMany({ where, select: { id: true } })),
    leads: ids(await tx.lead.findMany({ where, select: { id: true } })),
  };
  const to = { customerId: targetId };
  await tx.conversation.updateMany({ where: { id: { in: moved.conversations } }, data: to });
  await tx.customerIdentity.updateMany({ where: { id: { in: moved.identities } }, data: to });
  await tx.purchase.updateMany({ where: { id: { in: moved.purchases } }, data: to });
  await tx.lead.updateMany({ where: { id: { in: moved.leads } }, data: to });
  const filled: MergeRecord['filled'] = {};
  for (const f of FIELDS) if (!target[f] && source[f]) filled[f] = source[f]!;
  await tx.customer.update({ where: { id: targetId }, data: filled });
  const record: MergeRecord = { targetId, sourceId, moved, filled, reason };
  const audit = await tx.auditLog.create({
    data: { actorId, action: 'customer.merge', subjectType: 'customer', subjectId: targetId, data: record as unknown as Prisma.InputJsonValue },
    select: { id: true },
  });
  return { auditId: audit.id, record };
}

export async function undoMerge(db: Db, bus: DomainBus, auditId: string, actorId: string | null): Promise<MergeRecord & { undoAuditId: string }> {
  const undone = await undoInTx(db, auditId, actorId);
  for (const customerId of [undone.targetId, undone.sourceId]) bus.emit('customer.updated', { customerId, change: 'unmerge', version: undone.undoAuditId, webhooksQueued: true });
  bus.emit('customer.identities_changed', { customerIds: [undone.targetId, undone.sourceId] });
  return undone;
}

function undoInTx(db: Db, auditId: string, actorId: string | null): Promise<MergeRecord & { undoAuditId: string }> {
  return db.$transaction(async (tx) => {
    const audit = await tx.auditLog.findUnique({ where: { id: auditId } });
    if (!audit || audit.action !== 'customer.merge') throw new AppError('NOT_FOUND', 'No such merge');
    const record = audit.data as unknown as MergeRecord;
    const target = await tx.customer.findUnique({ where: { id: record.targetId }, select: { mergedIntoId: true } });
    if (!target) throw new AppError('CUSTOMER_NOT_FOUND', 'The merged customer no longer exists');
    // A later merge moved these rows on again: undo that one first, or rows would be lost track of.
    if (target.mergedIntoId) throw new AppError('CONFLICT', 'The target was merged into another customer since; undo that merge first');
    // Releasing the source is the guard: a second undo of the same merge matches nothing.
    const released = await tx.customer.updateMany({ where: { id: record.sourceId, mergedIntoId: record.targetId }, data: { mergedIntoId: null } });
    if (released.count !== 1) throw new AppError('CONFLICT', 'This merge was already undone');
    const back = (list: string[]) => ({ where: { id: { in: list }, customerId: record.targetId }, data: { customerId: record.sourceId } });
    await tx.conversation.updateMany(back(record.moved.conversations));
    await tx.customerIdentity.updateMany(back(record.moved.identities));
    await tx.purchase.updateMany(back(record.moved.purchases));
    await tx.lead.updateMany(back(record.moved.leads));
    for (const [field, value] of Object.entries(record.filled) as [Field, string][]) {
      await tx.customer.updateMany({ where: { id: record.targetId, [field]: value }, data: { [field]: null } });
    }
    const undo = await tx.auditLog.create({ data: { actorId, action: 'customer.merge.undo', subjectType: 'customer', subjectId: record.targetId, data: { mergeAuditId: auditId, sourceId: record.sourceId } }, select: { id: true } });
    await enqueueCustomerUpdated(tx, record.targetId, 'unmerge', undo.id);
    await enqueueCustomerUpdated(tx, record.sourceId, 'unmerge', undo.id);
    return { ...record, undoAuditId: undo.id };
  });
}
