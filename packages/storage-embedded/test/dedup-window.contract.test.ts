import { createMemoryDedupWindow } from '@parley/storage-embedded';
import { describeDedupWindowContract } from '@parley/testing/contracts/dedup-window-contract.ts';

describeDedupWindowContract('embedded', async () => {
  let time = 1_700_000_000_000;
  const dedup = createMemoryDedupWindow({ clock: { now: () => time } });
  return {
    dedup,
    peer: dedup,
    unitMs: 1_000,
    passTime: async (ms) => {
      time += ms;
    },
    cleanup: () => dedup.close(),
  };
});
