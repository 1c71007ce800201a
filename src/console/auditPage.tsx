/** @jsxImportSource hono/jsx */
import type { Advisor, QueueCounts, Session } from '../handoff/handoffPorts.js';
import { AUDIT_FAMILIES, auditActionLine } from './consoleLabels.js';
import { Layout } from './consolePages.js';
import type { View } from './consoleShell.js';
import type { AuditFilter, FoldedEntry } from './auditView.js';

const TARGET_PAGES: Record<string, string> = { campaign: '/advisor/admin/campaigns/', event: '/advisor/admin/workshops/' };

/** The audit log: who read or did what, when; filtered by advisor, action and days; views folded. */
export function AuditPage(props: { view: View; session: Session; counts: QueueCounts; entries: FoldedEntry[]; advisors: Advisor[]; filter: AuditFilter; older: string | null }) {
  const { view, filter } = props;
  const { t, fmt } = view;
  const names = new Map(props.advisors.map((a) => [a.id, a.name]));
  return (
    <Layout view={view} session={props.session} active="audit" title={t('audit.heading')} counts={props.counts}>
      <h1>{t('audit.heading')}</h1>
      <form method="get" action="/advisor/audit" class="filters" aria-label={t('audit.filters')}>
        <label>
          {t('audit.who')}
          <select name="advisor" id="audit-advisor">
            <option value="">{t('audit.any_advisor')}</option>
            {props.advisors.map((a) => (
              <option value={a.id} selected={filter.advisor === a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.action')}
          <select name="action" id="audit-action">
            <option value="">{t('audit.any_action')}</option>
            {AUDIT_FAMILIES.map((f) => (
              <option value={f} selected={filter.action === f}>
                {t(`audit.families.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.from')}
          <input type="date" name="from" value={filter.from} />
        </label>
        <label>
          {t('audit.to')}
          <input type="date" name="to" value={filter.to} />
        </label>
        <button type="submit">{t('audit.apply')}</button>
      </form>
      {props.entries.length === 0 ? (
        <p class="empty">{t('audit.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="audit">
            <thead>
              <tr>
                <th>{t('audit.when')}</th>
                <th>{t('audit.who')}</th>
                <th>{t('audit.action')}</th>
                <th>{t('audit.target')}</th>
              </tr>
            </thead>
            <tbody>
              {props.entries.map((e, i) => {
                const family = e.action.split(':')[0]!;
                const newDay = i === 0 || fmt.dayKey(props.entries[i - 1]!.at) !== fmt.dayKey(e.at);
                const from = fmt.clock(e.firstAt);
                const to = fmt.clock(e.at);
                return (
                  <>
                  {newDay && (
                    <tr class="day">
                      <th colspan={4}>{fmt.day(e.at)}</th>
                    </tr>
                  )}
                  <tr class={e.count > 1 ? 'folded' : ''}>
                    <td>{e.count > 1 && from !== to ? t('audit.span', { from, to }) : to}</td>
                    <td>{e.advisorName ?? '–'}</td>
                    <td>
                      {auditActionLine(view, e, (id) => names.get(id) ?? null)}
                      {e.count > 1 && <span class="times"> {t('audit.times', { count: e.count })}</span>}
                    </td>
                    <td>
                      {e.target === null ? (
                        ''
                      ) : e.targetPseudonym ? (
                        <a href={`/advisor/tickets/${e.target}`}>
                          <bdi>{e.targetPseudonym}</bdi>
                        </a>
                      ) : TARGET_PAGES[family] ? (
                        <a href={`${TARGET_PAGES[family]}${e.target}`}>{e.target}</a>
                      ) : (
                        <span class="gone">{family === 'view' || family === 'claim' || family === 'reply' || family === 'note' || family === 'close' || family === 'transfer' ? t('audit.erased') : e.target}</span>
                      )}
                    </td>
                  </tr>
                  </>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {props.older && (
        <p>
          <a href={props.older} rel="next">
            {t('audit.older')}
          </a>
        </p>
      )}
    </Layout>
  );
}
