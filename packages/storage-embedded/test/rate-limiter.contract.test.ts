import { createMemoryRateLimiter } from '@parley/storage-embedded';
import { describeRateLimiterContract } from '@parley/testing/contracts/rate-limiter-contract.ts';

describeRateLimiterContract('embedded', async (clock) => {
  const limiter = createMemoryRateLimiter({ clock });
  return { limiter, peer: limiter, cleanup: () => limiter.close() };
});
