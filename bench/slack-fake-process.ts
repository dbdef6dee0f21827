// The fake Slack for bench:slack in its own process, so Slack's side of the wire does not share
// the measured app's event loop. Talks to the bench over IPC.
import { startFakeSlack } from '../test/fakes/slack-api.js';

const fake = await startFakeSlack();
process.send!({ type: 'ready', url: fake.url, apiUrl: fake.apiUrl });
process.on('message', (m: { type: string }) => {
  if (m.type === 'answers') {
    // Arrival times (ms since the epoch, sub-ms) of response_url calls since the last ask.
    const out: Record<string, number> = {};
    for (const c of fake.calls.splice(0)) if (c.responseId) out[c.responseId] = performance.timeOrigin + c.at;
    process.send!({ type: 'answers', out, problems: fake.problems.splice(0) });
  } else if (m.type === 'close') {
    void fake.close().then(() => process.exit(0));
  }
});
