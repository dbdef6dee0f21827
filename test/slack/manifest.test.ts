import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES, PATHS } from '../../adapters/slack/app.js';
import { FIND_POSTED_SCOPES } from '../../adapters/slack/poster.js';

describe('adapters/slack/manifest.yml', () => {
  it('asks for exactly the scopes the app installs with, and the events and routes it serves', async () => {
    const m = parse(await readFile(new URL('../../adapters/slack/manifest.yml', import.meta.url), 'utf8'));
    expect(m.oauth_config.scopes.bot).toEqual(BOT_SCOPES);
    // The digest Poster's findPosted reads history in public and private channels.
    expect(BOT_SCOPES).toEqual(expect.arrayContaining([...FIND_POSTED_SCOPES]));
    expect(FIND_POSTED_SCOPES).toEqual(['channels:history', 'groups:history']);
    expect(m.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(['/papers']);
    expect(m.features.slash_commands[0].url.endsWith(PATHS.events)).toBe(true);
    expect(m.settings.event_subscriptions.request_url.endsWith(PATHS.events)).toBe(true);
    expect(m.settings.interactivity).toMatchObject({ is_enabled: true });
    expect(m.settings.interactivity.request_url.endsWith(PATHS.events)).toBe(true);
    expect(m.oauth_config.redirect_urls[0].endsWith(PATHS.oauthRedirect)).toBe(true);
    expect([...m.settings.event_subscriptions.bot_events].sort()).toEqual(['app_home_opened', 'app_uninstalled', 'reaction_added', 'reaction_removed', 'tokens_revoked']);
    expect(m.features.app_home.home_tab_enabled).toBe(true);
    expect(m.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
  });
});
