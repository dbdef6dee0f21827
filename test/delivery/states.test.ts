// The delivery state machine on its own: which event moves a message from which state.
import { describe, expect, it } from 'vitest';
import { DELIVERY_STATES, transition, TRANSITIONS, type DeliveryEvent } from '../../src/delivery/states.js';

describe('delivery state machine', () => {
  it('moves a message only along its transitions', () => {
    const table = Object.fromEntries(DELIVERY_STATES.map((s) => [s, (Object.keys(TRANSITIONS) as DeliveryEvent[]).map((e) => `${e}:${transition(s, e) ?? '-'}`).join(' ')]));
    expect(table).toEqual({
      pending: 'claim:posting reclaim:- posted:posted release:- fail:failed',
      posting: 'claim:- reclaim:posting posted:posted release:pending fail:failed',
      posted: 'claim:- reclaim:- posted:- release:- fail:-',
      // The platform has the message: that is the truth, whatever an earlier attempt concluded.
      failed: 'claim:- reclaim:- posted:posted release:- fail:-',
      skipped: 'claim:- reclaim:- posted:- release:- fail:-',
    });
  });
});
