import type { Installation } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { botTokenFor, createInstallationStore, installationKey } from '../../adapters/slack/installation-store.js';
import type { Database } from '../../src/db/database.js';
import { freshDatabase, STORES } from '../helpers/db.js';

const teamInstall = (team: string, token: string): Installation => ({
  team: { id: team, name: team },
  enterprise: undefined,
  user: { id: 'U1', token: undefined, scopes: undefined },
  bot: { id: 'B1', userId: 'UBOT', token, scopes: ['commands', 'chat:write'] },
  appId: 'A1',
  tokenType: 'bot',
  isEnterpriseInstall: false,
  authVersion: 'v2',
});

const orgInstall = (enterprise: string, token: string): Installation => ({
  team: undefined,
  enterprise: { id: enterprise, name: enterprise },
  user: { id: 'U1', token: undefined, scopes: undefined },
  bot: { id: 'B2', userId: 'UBOT2', token, scopes: ['commands'] },
  appId: 'A1',
  tokenType: 'bot',
  isEnterpriseInstall: true,
  authVersion: 'v2',
});

describe.each(STORES)('slack installation store on %s', (kind) => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('stores, replaces on reinstall, fetches by team or enterprise, deletes', async () => {
    database = await freshDatabase(kind);
    const store = createInstallationStore(database.db);
    await store.storeInstallation(teamInstall('TA', 'xoxb-a1'));
    await store.storeInstallation(teamInstall('TA', 'xoxb-a2'));
    await store.storeInstallation(teamInstall('TB', 'xoxb-b'));
    await store.storeInstallation(orgInstall('E1', 'xoxb-org'));

    const a = await store.fetchInstallation({ teamId: 'TA', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(a.bot?.token).toBe('xoxb-a2');
    const org = await store.fetchInstallation({ teamId: 'TX', enterpriseId: 'E1', isEnterpriseInstall: true });
    expect(org.bot?.token).toBe('xoxb-org');
    await expect(store.fetchInstallation({ teamId: 'TZ', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(/no Slack installation/);

    expect(await botTokenFor(database.db, 'TB')).toBe('xoxb-b');
    // a workspace of the org-wide install has no row of its own: Slack's request named its org above
    expect(await botTokenFor(database.db, 'TX')).toBe('xoxb-org');

    await store.deleteInstallation!({ teamId: 'TB', enterpriseId: undefined, isEnterpriseInstall: false });
    await expect(store.fetchInstallation({ teamId: 'TB', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow();
    expect(await botTokenFor(database.db, 'TA')).toBe('xoxb-a2');

    // a second org changes nothing for a team whose org is known
    await store.storeInstallation(orgInstall('E2', 'xoxb-org2'));
    expect(await botTokenFor(database.db, 'TX')).toBe('xoxb-org');
    await store.deleteInstallation!({ teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: true });
    expect(await botTokenFor(database.db, 'TX')).toBeNull();
  });

  it('never lends a token to a team it was not issued for: a removed or unknown team gets none, even with one org install', async () => {
    database = await freshDatabase(kind);
    const store = createInstallationStore(database.db);
    await store.storeInstallation(orgInstall('E1', 'xoxb-org'));
    await store.storeInstallation(teamInstall('TB', 'xoxb-b'));
    await store.deleteInstallation!({ teamId: 'TB', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(await botTokenFor(database.db, 'TB')).toBeNull();
    expect(await botTokenFor(database.db, 'TNEVER')).toBeNull();
    // nor an enterprise id passed off as a team id
    expect(await botTokenFor(database.db, 'E1')).toBeNull();
    // a team Slack said is in another org does not get this org's token
    await store.storeInstallation(orgInstall('E2', 'xoxb-org2'));
    await store.fetchInstallation({ teamId: 'TY', enterpriseId: 'E2', isEnterpriseInstall: true });
    await store.deleteInstallation!({ teamId: undefined, enterpriseId: 'E2', isEnterpriseInstall: true });
    expect(await botTokenFor(database.db, 'TY')).toBeNull();
  });

  it('keys org-wide installs by enterprise, everything else by team', () => {
    expect(installationKey({ isEnterpriseInstall: true, enterpriseId: 'E1', teamId: 'T1' })).toBe('E1');
    expect(installationKey({ isEnterpriseInstall: false, enterpriseId: 'E1', teamId: 'T1' })).toBe('T1');
    expect(installationKey({})).toBeNull();
  });
});
