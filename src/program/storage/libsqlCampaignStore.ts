import type { ChannelName } from '../../core/message.js';
import { type AudienceFilter, type BatchMessage, type Campaign, type CampaignStatus, type Cursors, type DeliveryCounts, type CampaignStore, type Recipient } from '../programStore.js';
import type { SqlClient } from '../../storage/sqlClient.js';

import { placeholders, toCampaign, audienceWhere, AUDIENCE_FROM, messageStatements, randomVersion } from './programSql.js';

/** Campaigns: audience, batches queued in the outbox (resumed after a restart), delivery counts. */
export class LibsqlCampaignStore implements CampaignStore {
  constructor(private readonly client: SqlClient) {}

  async createCampaign(c: Campaign): Promise<void> {
    await this.client.execute({
      sql: `INSERT INTO campaigns (id, name, kind, texts, filter, event_id, survey, status, scheduled_at, cursors, version, created_by, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [c.id, c.name, c.kind, JSON.stringify(c.texts), JSON.stringify(c.filter), c.eventId, c.survey, c.status, c.scheduledAt, JSON.stringify(c.cursors), c.version, c.createdBy, c.createdAt, c.createdAt],
    });
  }

  async getCampaign(id: string): Promise<Campaign | null> {
    const r = await this.client.execute({ sql: 'SELECT * FROM campaigns WHERE id = ?', args: [id] });
    return r.rows[0] ? toCampaign(r.rows[0]) : null;
  }

  async listCampaigns(limit: number): Promise<Campaign[]> {
    const r = await this.client.execute({ sql: 'SELECT * FROM campaigns ORDER BY created_at DESC LIMIT ?', args: [limit] });
    return r.rows.map(toCampaign);
  }

  async setCampaignStatus(
    id: string,
    from: CampaignStatus[],
    to: CampaignStatus,
    fields: Partial<Pick<Campaign, 'scheduledAt' | 'startedAt' | 'finishedAt' | 'audienceCount'>>,
    at: number,
  ): Promise<boolean> {
    const columns: Record<string, string> = { scheduledAt: 'scheduled_at', startedAt: 'started_at', finishedAt: 'finished_at', audienceCount: 'audience_count' };
    const sets = ['status = ?', 'updated_at = ?', 'version = ?'];
    const args: unknown[] = [to, at, randomVersion()];
    for (const [k, v] of Object.entries(fields)) {
      sets.push(`${columns[k]} = ?`);
      args.push(v ?? null);
    }
    const r = await this.client.execute({ sql: `UPDATE campaigns SET ${sets.join(', ')} WHERE id = ? AND status IN (${placeholders(from.length)})`, args: [...args, id, ...from] });
    return r.rowsAffected === 1;
  }

  async campaignsToRun(now: number): Promise<Campaign[]> {
    const r = await this.client.execute({ sql: "SELECT * FROM campaigns WHERE status = 'sending' OR (status = 'scheduled' AND scheduled_at <= ?) ORDER BY created_at", args: [now] });
    return r.rows.map(toCampaign);
  }

  async countAudience(filter: AudienceFilter, channels: ChannelName[]): Promise<Record<string, number>> {
    if (!channels.length) return {};
    const args: unknown[] = [];
    const where = audienceWhere(filter, args);
    const r = await this.client.execute({
      sql: `SELECT v.channel, count(*) AS n ${AUDIENCE_FROM} WHERE ${where} AND v.channel IN (${placeholders(channels.length)}) GROUP BY v.channel`,
      args: [...args, ...channels],
    });
    return Object.fromEntries(r.rows.map((row) => [String(row.channel), Number(row.n)]));
  }

  async nextRecipients(filter: AudienceFilter, channel: ChannelName, after: string | null, limit: number): Promise<Recipient[]> {
    const args: unknown[] = [channel, after ?? ''];
    const where = audienceWhere(filter, args);
    const r = await this.client.execute({
      sql: `SELECT v.id, v.channel, v.channel_user_id, c.locale ${AUDIENCE_FROM} WHERE v.channel = ? AND v.id > ? AND ${where} ORDER BY v.id LIMIT ?`,
      args: [...args, limit],
    });
    return r.rows.map((row) => ({
      conversationId: String(row.id),
      channel: String(row.channel) as ChannelName,
      channelUserId: String(row.channel_user_id),
      locale: row.locale === null ? null : String(row.locale),
    }));
  }

  async enqueueBatch(campaign: Campaign, cursors: Cursors, messages: BatchMessage[], at: number): Promise<boolean> {
    const version = randomVersion();
    const webchat = messages.filter((m) => !m.pushed).length;
    const guard = { sql: 'EXISTS (SELECT 1 FROM campaigns WHERE id = ? AND version = ?)', args: [campaign.id, version] };
    const results = await this.client.batch(
      [
        {
          sql: `UPDATE campaigns SET version = ?, cursors = ?, enqueued = enqueued + ?, webchat_stored = webchat_stored + ?, updated_at = ?
                WHERE id = ? AND version = ? AND status = 'sending'`,
          args: [version, JSON.stringify(cursors), messages.length, webchat, at, campaign.id, campaign.version],
        },
        ...messageStatements(messages, at, campaign.id, guard),
      ],
      'write',
    );
    if (results[0]!.rowsAffected !== 1) return false;
    campaign.version = version;
    campaign.cursors = cursors;
    campaign.enqueued += messages.length;
    campaign.webchatStored += webchat;
    return true;
  }

  async campaignBacklog(channel: ChannelName): Promise<number> {
    const r = await this.client.execute({
      sql: "SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending') AND channel = ? AND campaign_id IS NOT NULL",
      args: [channel],
    });
    return Number(r.rows[0]?.n ?? 0);
  }

  async deliveryCounts(campaignId: string): Promise<DeliveryCounts> {
    const r = await this.client.execute({ sql: 'SELECT status, count(*) AS n FROM outbox WHERE campaign_id = ? GROUP BY status', args: [campaignId] });
    const out: DeliveryCounts = { queued: 0, sent: 0, delivered: 0, read: 0, failed: 0 };
    for (const row of r.rows) {
      const status = String(row.status);
      const key = status === 'pending' || status === 'sending' ? 'queued' : (status as keyof DeliveryCounts);
      if (key in out) out[key] += Number(row.n);
    }
    return out;
  }

  async dropQueued(campaignId: string): Promise<number> {
    const r = await this.client.execute({ sql: "UPDATE outbox SET status = 'failed', last_error = 'campaign cancelled' WHERE campaign_id = ? AND status = 'pending'", args: [campaignId] });
    return r.rowsAffected;
  }
}
