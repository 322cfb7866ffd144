import type { MessageElement } from '@parley/protocol';

/** What a one-to-one send carries: the same fields in its before-send callback, its push and its stored row. */
export interface C2cContent {
  from: string;
  to: string;
  random: number;
  time: number;
  body: MessageElement[];
  cloudCustomData?: string;
}

/** The content of a send from `from`; `cloudCustomData` is left out (not set to undefined) when there is none. */
export function c2cContent(
  from: string,
  data: { to: string; random: number },
  time: number,
  body: MessageElement[],
  cloudCustomData: string | undefined,
): C2cContent {
  const content: C2cContent = { from, to: data.to, random: data.random, time, body };
  if (cloudCustomData !== undefined) content.cloudCustomData = cloudCustomData;
  return content;
}
