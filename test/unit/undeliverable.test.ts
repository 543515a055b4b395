// The ticket workflow recognises the activity's "never deliverable" failure by its type.
import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { UNDELIVERABLE_NOTICE as fromActivity } from '../../activities/noticeDelivery';
import { UNDELIVERABLE_NOTICE, undeliverableReason, unlessUndeliverable } from '../../workflows/undeliverable';

const activityFailure = (cause: Error) => new ActivityFailure('activity failed', 'sendRequesterMail', '1', RetryState.NON_RETRYABLE_FAILURE, 'worker', cause);

describe('undeliverable notices', () => {
  it('share one error type between the activity and the workflow', () => expect(UNDELIVERABLE_NOTICE).toBe(fromActivity));

  const cases = [
    { given: activityFailure(ApplicationFailure.nonRetryable('550 no such user', UNDELIVERABLE_NOTICE)), expect: '550 no such user' },
    { given: activityFailure(ApplicationFailure.nonRetryable('boom', 'SomethingElse')), expect: undefined },
    { given: ApplicationFailure.nonRetryable('not wrapped', UNDELIVERABLE_NOTICE), expect: undefined },
    { given: new Error('plain'), expect: undefined },
  ];
  it.each(cases)('$given.message → $expect', ({ given, expect: expected }) => expect(undeliverableReason(given)).toBe(expected));

  it('answers the fallback for an undeliverable notice and rethrows anything else', async () => {
    await expect(unlessUndeliverable(() => Promise.reject(cases[0].given), (reason) => `gave up: ${reason}`)).resolves.toBe('gave up: 550 no such user');
    await expect(unlessUndeliverable(() => Promise.reject(cases[1].given), () => 'never')).rejects.toBe(cases[1].given);
    await expect(unlessUndeliverable(() => Promise.resolve('sent'), () => 'never')).resolves.toBe('sent');
  });
});
