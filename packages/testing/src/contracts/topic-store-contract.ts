import type { TopicRecord, TopicStore } from '@parley/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshAppId } from './fresh-app-id.ts';

export interface TopicStoreFixture {
  store: TopicStore;
  cleanup: () => Promise<void>;
}

const T0 = 1_700_000_000_000;
const COMMUNITY = '@TGS#_community';
const OTHER = '@TGS#_other';

/** The TopicStore port's behaviour, run against every adapter. */
export function describeTopicStoreContract(
  adapterName: string,
  factory: () => Promise<TopicStoreFixture>,
): void {
  describe(`TopicStore contract: ${adapterName}`, () => {
    let fixture: TopicStoreFixture;
    let store: TopicStore;
    let app: number;

    beforeEach(async () => {
      fixture = await factory();
      store = fixture.store;
      app = freshAppId();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    const topic = (part: string, overrides: Partial<TopicRecord> = {}): TopicRecord => ({
      sdkAppId: app,
      groupId: COMMUNITY,
      topicId: `${overrides.groupId ?? COMMUNITY}@TOPIC#_${part}`,
      name: `Topic ${part} 😀`,
      introduction: 'about',
      notification: 'be nice',
      faceUrl: 'https://x.test/t.png',
      customData: '{"k":"v"}',
      muteAll: false,
      createdAt: T0,
      updatedAt: T0,
      ...overrides,
    });

    it('stores a topic and reads it back; an ID taken in the app is refused', async () => {
      expect(await store.create(topic('a'), 200)).toBe('created');
      expect(await store.get(app, `${COMMUNITY}@TOPIC#_a`)).toEqual(topic('a'));
      expect(await store.create(topic('a', { name: 'again' }), 200)).toBe('taken');
      expect((await store.get(app, `${COMMUNITY}@TOPIC#_a`))?.name).toBe('Topic a 😀');
      expect(await store.get(app + 1, `${COMMUNITY}@TOPIC#_a`)).toBeUndefined();
    });

    it('refuses a topic beyond the limit per community, not per app', async () => {
      expect(await store.create(topic('a'), 2)).toBe('created');
      expect(await store.create(topic('b'), 2)).toBe('created');
      expect(await store.create(topic('c'), 2)).toBe('full');
      expect(await store.create(topic('c', { groupId: OTHER }), 2)).toBe('created');
      expect((await store.list(app, COMMUNITY)).map((t) => t.topicId)).toEqual([
        `${COMMUNITY}@TOPIC#_a`,
        `${COMMUNITY}@TOPIC#_b`,
      ]);
    });

    it('updates the listed fields only', async () => {
      await store.create(topic('a'), 200);
      const updated = await store.update(
        app,
        `${COMMUNITY}@TOPIC#_a`,
        { name: 'new', muteAll: true },
        T0 + 5,
      );
      expect(updated).toEqual({ ...topic('a'), name: 'new', muteAll: true, updatedAt: T0 + 5 });
      expect(await store.update(app, `${COMMUNITY}@TOPIC#_x`, { name: 'x' }, T0)).toBeUndefined();
    });

    it('keeps read positions per topic and user, never moving them back', async () => {
      await store.create(topic('a'), 200);
      await store.create(topic('b'), 200);
      const a = `${COMMUNITY}@TOPIC#_a`;
      const b = `${COMMUNITY}@TOPIC#_b`;
      expect(await store.markRead(app, a, 'u1', 5)).toBe(5);
      expect(await store.markRead(app, a, 'u1', 3)).toBe(5);
      expect(await store.markRead(app, b, 'u1', 2)).toBe(2);
      expect(await store.readSeqs(app, 'u1', [a, b, `${COMMUNITY}@TOPIC#_none`])).toEqual([5, 2, 0]);
      expect(await store.readSeqs(app, 'u2', [a])).toEqual([0]);
      expect(await store.markRead(app, `${COMMUNITY}@TOPIC#_none`, 'u1', 4)).toBe(0);
      await store.forgetReader(app, COMMUNITY, 'u1');
      expect(await store.readSeqs(app, 'u1', [a, b])).toEqual([0, 0]);
    });

    it('deletes a topic with its read positions', async () => {
      await store.create(topic('a'), 200);
      const a = `${COMMUNITY}@TOPIC#_a`;
      await store.markRead(app, a, 'u1', 5);
      expect(await store.delete(app, a)).toBe(true);
      expect(await store.delete(app, a)).toBe(false);
      expect(await store.get(app, a)).toBeUndefined();
      await store.create(topic('a'), 200);
      expect(await store.readSeqs(app, 'u1', [a])).toEqual([0]);
    });

    it('deletes a disbanded community’s topics and an app’s', async () => {
      await store.create(topic('a'), 200);
      await store.create(topic('b'), 200);
      await store.create(topic('c', { groupId: OTHER }), 200);
      expect(await store.deleteGroup(app, COMMUNITY)).toEqual([
        `${COMMUNITY}@TOPIC#_a`,
        `${COMMUNITY}@TOPIC#_b`,
      ]);
      expect(await store.list(app, COMMUNITY)).toEqual([]);
      expect(await store.list(app, OTHER)).toHaveLength(1);
      expect(await store.deleteApp(app)).toBe(1);
      expect(await store.list(app, OTHER)).toEqual([]);
    });
  });
}
