import type { RuntimeApp } from '@parley/app-config';
import { type OpData, type OpResults, ParleyError, type ProfileValues } from '@parley/protocol';
import type { Actor } from '../actor.ts';
import type { PushDelivery } from '../messaging/push-delivery.ts';
import type { AccountProfileChange, AccountStore, ProfileFields } from '../ports/account-store.ts';
import type { RelationStore } from '../ports/relation-store.ts';
import {
  type CustomUserField,
  checkProfileWrite,
  customFieldOf,
  isStandardTag,
  type ProfileCaller,
  readableProfile,
  verificationOfAllowType,
} from './profile-tags.ts';

export interface ProfileServiceDeps {
  accounts: AccountStore;
  relations: RelationStore;
  /** Pushes `profile` to the user's sessions; none (the admin API without a cluster): no push. */
  delivery?: PushDelivery;
}

/** A user's profile as read: found, with the tags the caller may read, or not found. */
export type ProfileRead = { userId: string; profile: ProfileValues } | { userId: string; profile: null };

/**
 * Users' profiles: Tencent's standard `Tag_Profile_IM_*` tags and the app's `Tag_Profile_Custom_*` fields
 * (`customFields.user`, with their read and write scopes). Nick, Image and AllowType are the account's nick, faceUrl
 * and friend-add verification; the others are kept in the account's `profileFields`, and go with the account.
 */
export class ProfileService {
  readonly #d: ProfileServiceDeps;

  constructor(deps: ProfileServiceDeps) {
    this.#d = deps;
  }

  /** `profile.get`: the profiles of users, by a user of the app. */
  async get(actor: Actor, data: OpData<'profile.get'>): Promise<OpResults['profile.get']> {
    const reads = await this.read(actor.app, { admin: false, userId: actor.userId }, data.userIds, data.tags);
    return {
      profiles: reads.flatMap((read) =>
        read.profile ? [{ userId: read.userId, profile: read.profile }] : [],
      ),
      notFound: reads.filter((read) => read.profile === null).map((read) => read.userId),
    };
  }

  /** `profile.set`: a user sets tags of their own profile. */
  async set(actor: Actor, data: OpData<'profile.set'>): Promise<OpResults['profile.set']> {
    const caller: ProfileCaller = { admin: false, userId: actor.userId };
    const profile = await this.write(actor.app, caller, actor.userId, data.profile, actor.instanceId);
    return { profile };
  }

  /**
   * The profiles of `userIds` (duplicates once, in the order asked). `tags` narrows them; an unknown tag fails
   * with 40009. A custom field the caller may not read (scope `self` or `friends`) is left out; the admin reads all.
   */
  async read(
    app: RuntimeApp,
    caller: ProfileCaller,
    userIds: string[],
    tags?: string[],
  ): Promise<ProfileRead[]> {
    for (const tag of tags ?? []) {
      if (!isStandardTag(tag) && !customFieldOf(app, tag)) {
        throw new ParleyError('PROFILE_TAG_UNKNOWN', { detail: tag });
      }
    }
    const unique = [...new Set(userIds)];
    const accounts = new Map(
      (await this.#d.accounts.getMany(app.sdkAppId, unique)).map((account) => [account.userId, account]),
    );
    const friends = await this.#friendsOfCaller(app, caller, unique, accounts);
    return unique.map((userId) => {
      const account = accounts.get(userId);
      if (!account) return { userId, profile: null };
      const canRead = (field: CustomUserField) =>
        caller.admin ||
        field.read === 'all' ||
        caller.userId === userId ||
        (field.read === 'friends' && friends.has(userId));
      const whole = readableProfile(app, account, canRead);
      if (!tags) return { userId, profile: whole };
      const profile: ProfileValues = {};
      for (const tag of tags) if (tag in whole) profile[tag] = whole[tag] as ProfileValues[string];
      return { userId, profile };
    });
  }

  /**
   * Sets tags of `userId`'s profile, all or none: every value is checked first (40009, 40008, 40001, 40601). Returns
   * the whole profile as its owner reads it; pushes `profile` with the tags set to the user's sessions (except
   * `exceptInstanceId`, which gets the reply).
   */
  async write(
    app: RuntimeApp,
    caller: ProfileCaller,
    userId: string,
    values: ProfileValues,
    exceptInstanceId?: string,
  ): Promise<ProfileValues> {
    const change: AccountProfileChange = {};
    const profileFields: ProfileFields = {};
    for (const [tag, value] of Object.entries(values)) {
      checkProfileWrite(app, caller, tag, value);
      if (tag === 'Tag_Profile_IM_Nick') change.nick = value as string;
      else if (tag === 'Tag_Profile_IM_Image') change.faceUrl = value as string;
      else if (tag === 'Tag_Profile_IM_AllowType')
        change.addVerification = verificationOfAllowType(value as string);
      else profileFields[tag] = value;
    }
    if (Object.keys(profileFields).length > 0) change.profileFields = profileFields;
    const account = await this.#d.accounts.update(app.sdkAppId, userId, change);
    if (!account) throw new ParleyError('PROFILE_ACCOUNT_NOT_FOUND', { detail: userId });
    this.#d.delivery?.push(
      app.sdkAppId,
      [exceptInstanceId === undefined ? { userId } : { userId, exceptInstanceId }],
      'profile',
      { userId, profile: values },
    );
    return readableProfile(app, account, () => true);
  }

  /** Those of `userIds` who are the caller's friends, asked only when a custom field is readable by friends. */
  async #friendsOfCaller(
    app: RuntimeApp,
    caller: ProfileCaller,
    userIds: string[],
    accounts: ReadonlyMap<string, unknown>,
  ): Promise<Set<string>> {
    const friends = new Set<string>();
    if (caller.admin || !app.config.customFields.user.some((field) => field.read === 'friends'))
      return friends;
    for (const userId of userIds) {
      if (userId === caller.userId || !accounts.has(userId)) continue;
      if (await this.#d.relations.areFriends(app.sdkAppId, caller.userId, userId)) friends.add(userId);
    }
    return friends;
  }
}
