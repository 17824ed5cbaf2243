// Reports for supervisors and admins: volume, response times, SLA, CSAT, agents; JSON or CSV.
import { Router, type Response } from 'express';
import type { AppContext } from '../../context.js';
import { databaseTarget } from '../../db/target.js';
import { writeCsv } from '../../reports/csv-stream.js';
import { parseReportQuery, type ReportFilter } from '../../reports/query.js';
import { ReportService, type Report } from '../../reports/service.js';
import { requireRole } from '../auth.js';

async function send(res: Response, name: string, f: ReportFilter, report: Report<unknown>): Promise<void> {
  res.setHeader('Cache-Control', 'no-store');
  if (f.format === 'json') return void res.json(report.body);
  const file = `${name}-${f.from.toISOString().slice(0, 10)}-${f.to.toISOString().slice(0, 10)}.csv`;
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${file}"`);
  await writeCsv(res, report.table.header, report.table.rows);
}

export function reportRoutes(ctx: AppContext, service = new ReportService(ctx.db, databaseTarget({ DATABASE_URL: ctx.config.DATABASE_URL, DATA_DIR: ctx.config.DATA_DIR }).provider === 'postgresql' ? 'postgresql' : 'sqlite', { reader: ctx.reads })): Router {
  const r = Router();
  r.use(requireRole(ctx.sessions, 'supervisor'));
  const reports: Record<string, (f: ReportFilter) => Promise<Report<unknown>>> = {
    volume: (f) => service.volume(f),
    'response-times': (f) => service.responseTimes(f),
    sla: (f) => service.sla(f),
    csat: (f) => service.csat(f),
    agents: (f) => service.agents(f),
  };
  for (const [name, build] of Object.entries(reports)) {
    r.get(`/${name}`, async (req, res) => {
      const f = parseReportQuery(req.query);
      await send(res, name, f, await build(f));
    });
  }
  return r;
}
