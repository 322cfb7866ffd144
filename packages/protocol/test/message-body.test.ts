import { describe, expect, it } from 'vitest';
import { MAX_BODY_DEPTH, messageBodySchema } from '../src/index.ts';

const sound =
  '{"MsgType":"TIMSoundElem","Later":{"b":[1,2],"a":null},"MsgContent":{"Download_Flag":2,"Second":3,"Url":"https://x.example/a.m4a","Size":9,"UUID":"u"}}';

describe('messageBodySchema', () => {
  it('returns the body it was given: every unknown field kept, every key in its order', () => {
    const body: unknown = JSON.parse(`[${sound}]`);
    const parsed = messageBodySchema.parse(body);
    expect(parsed).toBe(body);
    expect(JSON.stringify(parsed)).toBe(`[${sound}]`);
  });

  it('checks the known fields and the element types as before', () => {
    const result = messageBodySchema.safeParse([
      { MsgType: 'TIMSoundElem', MsgContent: { Url: 'not a url', Size: 1, Second: 1 } },
      { MsgType: 'TIMRelayElemX', MsgContent: {} },
    ]);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      '0.MsgContent.Url',
      '1.MsgType',
    ]);
    expect(messageBodySchema.safeParse([]).success).toBe(false);
    expect(messageBodySchema.safeParse(undefined).success).toBe(false);
  });

  it('refuses "$"-prefixed, dotted, NUL and __proto__ keys anywhere', () => {
    const body: unknown = JSON.parse(
      '[{"MsgType":"TIMTextElem","$x":1,"MsgContent":{"Text":"t","a.b":{"__proto__":{"c\\u0000":1}}}}]',
    );
    const result = messageBodySchema.safeParse(body);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      '0.$x',
      '0.MsgContent.a.b',
      '0.MsgContent.a.b.__proto__',
      '0.MsgContent.a.b.__proto__.c\u0000',
    ]);
  });

  it(`allows nesting up to MAX_BODY_DEPTH (${MAX_BODY_DEPTH}) levels, the body array being the first`, () => {
    const nest = (levels: number): unknown => (levels === 0 ? 1 : [nest(levels - 1)]);
    const body = (levels: number) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: 't', N: nest(levels) } }];
    expect(messageBodySchema.safeParse(body(MAX_BODY_DEPTH - 3)).success).toBe(true);
    expect(messageBodySchema.safeParse(body(MAX_BODY_DEPTH - 2)).success).toBe(false);
  });
});
