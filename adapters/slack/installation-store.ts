import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/database.js';
import { slackInstallations } from '../../src/db/schema.js';

/** Org-wide (Enterprise Grid) installs are keyed by enterprise id, every other by team id. */
export function installationKey(q: { isEnterpriseInstall?: boolean; enterpriseId?: string; teamId?: string }): string | null {
  if (q.isEnterpriseInstall && q.enterpriseId) return q.enterpriseId;
  return q.teamId ?? null;
}

export class NoInstallationError extends Error {
  override name = 'NoInstallationError';
}

/**
 * Bolt's installation store over our `slack_installations` table: one row per workspace (or per
 * org for org-wide installs), replaced on reinstall. The row holds the bot token; the database
 * is the one secret store paperbot has, so it gets the same care as SLACK_BOT_TOKEN.
 */
export function createInstallationStore(db: Db): InstallationStore {
  return {
    async storeInstallation(installation) {
      const isOrg = Boolean(installation.isEnterpriseInstall && installation.enterprise?.id);
      const id = installationKey({ isEnterpriseInstall: isOrg, enterpriseId: installation.enterprise?.id, teamId: installation.team?.id });
      if (!id) throw new Error('installation has neither a team nor an enterprise id');
      const row = {
        id,
        teamId: isOrg ? null : (installation.team?.id ?? null),
        enterpriseId: installation.enterprise?.id ?? null,
        installation: installation as unknown as Record<string, unknown>,
      };
      await db
        .insert(slackInstallations)
        .values(row)
        .onConflictDoUpdate({ target: slackInstallations.id, set: { ...row, updatedAt: sql`now()` } });
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      const id = installationKey(query);
      const rows = id ? await db.select().from(slackInstallations).where(eq(slackInstallations.id, id)).limit(1) : [];
      if (!rows[0]) throw new NoInstallationError(`no Slack installation for ${query.isEnterpriseInstall ? 'enterprise' : 'team'} ${id ?? '(none)'}`);
      return rows[0].installation as Installation;
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      const id = installationKey(query);
      if (id) await db.delete(slackInstallations).where(eq(slackInstallations.id, id));
    },
  };
}

/**
 * The bot token for a workspace, or null when the app is not installed there. A workspace of an
 * org-wide (Enterprise Grid) install has no row of its own: when exactly one org-wide install
 * exists it serves; with several we cannot tell which org a team belongs to from its id alone.
 */
export async function botTokenFor(db: Db, teamId: string): Promise<string | null> {
  const own = await db.select().from(slackInstallations).where(eq(slackInstallations.id, teamId)).limit(1);
  const row =
    own[0] ??
    (await (async () => {
      const orgs = await db.select().from(slackInstallations).where(isNull(slackInstallations.teamId)).limit(2);
      return orgs.length === 1 ? orgs[0] : undefined;
    })());
  return (row?.installation as Installation | undefined)?.bot?.token ?? null;
}
