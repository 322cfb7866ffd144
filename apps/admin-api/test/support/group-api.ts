import type { AdminApiFixture, CreatedApp, InjectOptions, InjectResult } from './admin-api-fixture.ts';
import type { ErrorReply } from './replies.ts';

export interface GroupView {
  groupId: string;
  type: string;
  name: string;
  introduction: string;
  notification: string;
  faceUrl: string;
  ownerId: string | null;
  applyJoinOption: string;
  maxMembers: number;
  memberCount: number;
  muteAll: boolean;
  supportTopic?: boolean;
  createdAt: string;
  lastSeq: number;
  customFields: Record<string, string>;
}

interface MemberView {
  userId: string;
  role: 'Owner' | 'Admin' | 'Member';
  joinedAt: string;
  nameCard: string;
  mutedUntil: string | null;
  msgFlag: string;
  customFields: Record<string, string>;
}

export interface MessageView {
  conversationId: string;
  seq: number;
  msgKey: string;
  from: string;
  to: string;
  random: number;
  time: string;
  body: { MsgType: string; MsgContent: Record<string, unknown> }[];
  recalled?: boolean;
  mentions?: string[];
}

interface SendResult {
  groupId: string;
  seq: number;
  msgKey: string;
  time: string;
}

/** A reply that is either what the route answers or a catalogue error (the test's expect() tells which). */
export type Reply<Body> = InjectResult<Body & ErrorReply>;

export const text = (Text: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text } }];

/** Calls of one app's group routes, as the operator unless `auth` says otherwise. */
export class GroupApi {
  readonly #fx: AdminApiFixture;
  readonly #app: CreatedApp;
  readonly #auth: string;

  constructor(fx: AdminApiFixture, app: CreatedApp, auth = fx.operator) {
    this.#fx = fx;
    this.#app = app;
    this.#auth = auth;
  }

  /** `/v1/apps/<app>/groups[/<groupId, percent-encoded>]<rest>`. */
  url(groupId?: string, rest = ''): string {
    const group = groupId === undefined ? '' : `/${encodeURIComponent(groupId)}`;
    return `/v1/apps/${this.#app.sdkAppId}/groups${group}${rest}`;
  }

  call<Body>(method: InjectOptions['method'], url: string, body?: unknown): Promise<Reply<Body>> {
    return this.#fx.inject<Body & ErrorReply>({
      method,
      url,
      auth: this.#auth,
      ...(body === undefined ? {} : { body }),
    });
  }

  create(body: Record<string, unknown>) {
    return this.call<{ group: GroupView }>('POST', this.url(), body);
  }

  /** Creates a group and returns it; throws unless 201. */
  async created(body: Record<string, unknown>): Promise<GroupView> {
    const reply = await this.create(body);
    if (reply.status !== 201) throw new Error(`create group: ${reply.status} ${reply.text}`);
    return reply.json.group;
  }

  info(groupId: string) {
    return this.call<{ group: GroupView }>('GET', this.url(groupId));
  }

  update(groupId: string, body: Record<string, unknown>) {
    return this.call<{ group: GroupView }>('PATCH', this.url(groupId), body);
  }

  members(groupId: string, query = '') {
    return this.call<{ members: MemberView[]; next: string | null }>(
      'GET',
      this.url(groupId, `/members${query}`),
    );
  }

  addMembers(groupId: string, userIds: string[]) {
    return this.call<{ added: string[]; alreadyMembers: string[] }>('POST', this.url(groupId, '/members'), {
      userIds,
    });
  }

  removeMembers(groupId: string, userIds: string[]) {
    return this.call<{ removed: string[] }>('POST', this.url(groupId, '/members/delete'), { userIds });
  }

  setMember(groupId: string, userId: string, body: Record<string, unknown>) {
    return this.call<{ member: MemberView }>(
      'PATCH',
      this.url(groupId, `/members/${encodeURIComponent(userId)}`),
      body,
    );
  }

  send(groupId: string, body: Record<string, unknown>) {
    return this.call<SendResult>('POST', this.url(groupId, '/messages'), body);
  }

  history(groupId: string, query = '') {
    return this.call<{ messages: MessageView[]; complete: boolean }>(
      'GET',
      this.url(groupId, `/messages${query}`),
    );
  }

  recall(groupId: string, seq: number) {
    return this.call<{ groupId: string; seq: number }>('POST', this.url(groupId, `/messages/${seq}/recall`));
  }
}

/** The users every group test app holds. */
const USERS = ['alice', 'bob', 'carol', 'dave'];

export async function importUsers(fx: AdminApiFixture, app: CreatedApp, userIds = USERS): Promise<void> {
  await fx.stores.accounts.importAccounts(
    app.sdkAppId,
    userIds.map((userId) => ({ userId })),
    fx.now(),
  );
}

/** The tips of a history page, oldest first, as `OpType by Operator [UserIds]`. */
export function tipsOf(messages: MessageView[]): string[] {
  return [...messages]
    .reverse()
    .flatMap((message) => message.body)
    .filter((element) => element.MsgType === 'TIMGroupTipElem')
    .map((element) => {
      const content = element.MsgContent as { OpType: string; Operator: string; UserIds?: string[] };
      return `${content.OpType} by ${content.Operator}${content.UserIds ? ` [${content.UserIds.join(',')}]` : ''}`;
    });
}
