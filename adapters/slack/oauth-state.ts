// OAuth `state` for /slack/install: signed like Bolt's default store, but good for one callback only.
// Bolt's default can be replayed for its whole 10 minutes (a leaked redirect URL installs twice).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { InstallURLOptions, StateStore } from '@slack/bolt';
import type { SeenKeys } from './seen-keys.js';

/** What the installer turns into a 400 "invalid state" page (@slack/oauth's ErrorCode). */
function invalidState(why: string): Error {
  return Object.assign(new Error(`OAuth state ${why}`), { code: 'slack_oauth_invalid_state' });
}

export function singleUseStateStore(secret: string, seen: SeenKeys, ttlSeconds = 600): StateStore {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  return {
    async generateStateParam(installOptions: InstallURLOptions, now: Date) {
      const payload = Buffer.from(JSON.stringify({ o: installOptions, t: now.getTime(), n: randomBytes(12).toString('hex') })).toString('base64url');
      return `${payload}.${sign(payload)}`;
    },
    async verifyStateParam(now: Date, state: string) {
      const [payload = '', mac = ''] = state.split('.');
      const ours = Buffer.from(sign(payload));
      const theirs = Buffer.from(mac);
      if (ours.length !== theirs.length || !timingSafeEqual(ours, theirs)) throw invalidState('does not carry our signature');
      const { o, t } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { o: InstallURLOptions; t: number };
      if (!(now.getTime() - t <= ttlSeconds * 1000)) throw invalidState('has expired');
      if (!(await seen.claim(`oauth-state:${mac}`, ttlSeconds * 1000))) throw invalidState('was already used');
      return o;
    },
  };
}
