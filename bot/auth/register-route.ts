import type { Request, Response, Server } from 'restify';
import { isCalendarDate, type CalendarDate } from '../../domain/calendar-date';
import type { Person } from '../../domain/person';
import type { Logger } from '../logger';
import { sendMessage, setSecurityHeaders } from './pages';

/**
 * The decisions register, behind the same sign-in as the reports: `GET
 * /registers/<from>_<to>.csv` asks `register` for the CSV as the signed-in person may see it
 * (exempt columns only for the decisions they are entitled to see whole).
 */
export type RegisterDownload = (person: Person, from: CalendarDate, to: CalendarDate) => Promise<{ ok: true; body: Buffer } | { ok: false }>;

export interface RegisterRouteDeps {
  session(req: Request): Person | undefined;
  startSignIn(req: Request, res: Response, returnPath: string): Promise<void>;
  register: RegisterDownload;
  log: Logger;
}

const FILE = /^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})\.csv$/;

export function registerPath(from: string, to: string): string {
  return `/registers/${from}_${to}.csv`;
}

export function mountRegisterDownloads(server: Server, deps: RegisterRouteDeps): void {
  server.get('/registers/:file', async (req: Request, res: Response) => {
    const m = FILE.exec(String(req.params.file ?? ''));
    const [from, to] = [m?.[1] ?? '', m?.[2] ?? ''];
    if (!isCalendarDate(from) || !isCalendarDate(to) || from > to)
      return sendMessage(req, res, 404, 'Register not found', 'Ask the bot for the register again in Teams (register 2026-04-01 to 2026-09-30).');
    const person = deps.session(req);
    if (!person) return deps.startSignIn(req, res, registerPath(from, to));
    let result: Awaited<ReturnType<RegisterDownload>>;
    try {
      result = await deps.register(person, from, to);
    } catch (err) {
      deps.log.error({ err, event: 'register.failed' }, 'register could not be made');
      return sendMessage(req, res, 500, 'Register not available', 'The register could not be made just now. Please try again in a minute.');
    }
    if (!result.ok) return sendMessage(req, res, 404, 'Register not found', 'There is no register here that you can see.');
    setSecurityHeaders(res);
    res.statusCode = 200;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="decisions-register-${from}-to-${to}.csv"`);
    res.setHeader('content-length', result.body.length);
    res.end(result.body);
  });
}
