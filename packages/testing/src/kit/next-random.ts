let randomCounter = Math.floor(Math.random() * 2 ** 30);

/** A fresh 32-bit message random (unique within a test run). */
export function nextRandom(): number {
  randomCounter = (randomCounter + 1) % 2 ** 32;
  return randomCounter;
}
