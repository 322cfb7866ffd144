/**
 * Preloaded into a process the load tools start (`node --expose-gc --import <this file> …`): SIGUSR2
 * runs a full garbage collection, so RSS readings before and after a load compare like with like. Nothing else.
 */
const collect = (globalThis as { gc?: () => void }).gc;
if (collect) {
  process.on('SIGUSR2', () => {
    collect();
    collect();
  });
}

export {};
