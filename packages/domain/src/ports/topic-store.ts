/** A Community topic as stored. Its messages live in the GroupMessageLog under `group:<topicId>`. */
export interface TopicRecord {
  sdkAppId: number;
  /** The community the topic belongs to. */
  groupId: string;
  /** `<groupId>@TOPIC#_<id>`. */
  topicId: string;
  name: string;
  introduction: string;
  notification: string;
  faceUrl: string;
  customData: string;
  muteAll: boolean;
  createdAt: number;
  updatedAt: number;
}

export type TopicPatch = Partial<
  Pick<TopicRecord, 'name' | 'introduction' | 'notification' | 'faceUrl' | 'customData' | 'muteAll'>
>;

/**
 * Community topics and each member's read position in them (members are the community's). Adapters: embedded
 * (SQLite), MySQL. Every method is scoped by `sdkAppId`; an unknown topic reads as undefined.
 */
export interface TopicStore {
  /** Stores a new topic unless its ID is taken (`taken`) or the community already has `maxTopics` (`full`). */
  create(topic: TopicRecord, maxTopics: number): Promise<'created' | 'taken' | 'full'>;
  get(sdkAppId: number, topicId: string): Promise<TopicRecord | undefined>;
  /** The community's topics by ID. */
  list(sdkAppId: number, groupId: string): Promise<TopicRecord[]>;
  update(sdkAppId: number, topicId: string, patch: TopicPatch, at: number): Promise<TopicRecord | undefined>;
  /** Deletes the topic and its read positions; false when there was none. */
  delete(sdkAppId: number, topicId: string): Promise<boolean>;
  /** Deletes every topic of the community (it was disbanded); returns their IDs. */
  deleteGroup(sdkAppId: number, groupId: string): Promise<string[]>;
  /** Moves the user's read position in the topic up to `seq` (never down); returns it after. */
  markRead(sdkAppId: number, topicId: string, userId: string, seq: number): Promise<number>;
  /** The user's read positions in these topics (0 where none is stored), in order. */
  readSeqs(sdkAppId: number, userId: string, topicIds: readonly string[]): Promise<number[]>;
  /** Forgets the user's read positions in the community's topics (they left it). */
  forgetReader(sdkAppId: number, groupId: string, userId: string): Promise<void>;
  /** Purge of a terminated app. Returns how many topics. */
  deleteApp(sdkAppId: number): Promise<number>;
  close(): Promise<void>;
}
