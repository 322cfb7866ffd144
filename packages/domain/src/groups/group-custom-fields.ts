import type { AppConfig } from '@parley/app-config';
import { GROUP_LIMITS, ParleyError } from '@parley/protocol';
import { atLeast, type Standing } from './group-access.ts';

/**
 * Checks a write of group custom fields: each must be declared in `customFields.group`, its value at most 512
 * bytes, and the writer's standing at least the field's `writeScope` (owner > admins > members; app admins
 * always). An empty value deletes the field.
 */
export function assertGroupFieldsWritable(
  config: AppConfig,
  fields: Record<string, string>,
  standing: Standing,
): void {
  for (const [name, value] of Object.entries(fields)) {
    const declared = config.customFields.group.find((field) => field.name === name);
    if (!declared) {
      throw new ParleyError('GROUP_INVALID_PARAMETER', {
        detail: `The group field "${name}" is not declared in the app's customFields.group.`,
      });
    }
    if (Buffer.byteLength(value, 'utf8') > GROUP_LIMITS.groupFieldValue) {
      throw new ParleyError('GROUP_INVALID_PARAMETER', {
        detail: `The value of "${name}" exceeds ${GROUP_LIMITS.groupFieldValue} bytes.`,
      });
    }
    const floor: Standing =
      declared.writeScope === 'owner' ? 'Owner' : declared.writeScope === 'admins' ? 'Admin' : 'Member';
    if (!atLeast(standing, floor)) {
      throw new ParleyError('GROUP_PERMISSION_DENIED', {
        detail: `Only ${declared.writeScope} may write "${name}".`,
      });
    }
  }
}

/**
 * Checks a write of member custom fields (not in AVChatRoom): declared in `customFields.groupMember`, values at
 * most 64 bytes; `self` fields by the member or admins, `admins` fields by admins, the owner and app admins.
 */
export function assertMemberFieldsWritable(
  config: AppConfig,
  fields: Record<string, string>,
  writer: { standing: Standing; self: boolean },
): void {
  for (const [name, value] of Object.entries(fields)) {
    const declared = config.customFields.groupMember.find((field) => field.name === name);
    if (!declared) {
      throw new ParleyError('GROUP_INVALID_PARAMETER', {
        detail: `The member field "${name}" is not declared in the app's customFields.groupMember.`,
      });
    }
    if (Buffer.byteLength(value, 'utf8') > GROUP_LIMITS.memberFieldValue) {
      throw new ParleyError('GROUP_INVALID_PARAMETER', {
        detail: `The value of "${name}" exceeds ${GROUP_LIMITS.memberFieldValue} bytes.`,
      });
    }
    const allowed = atLeast(writer.standing, 'Admin') || (declared.writeScope === 'self' && writer.self);
    if (!allowed) {
      throw new ParleyError('GROUP_PERMISSION_DENIED', {
        detail: `Only ${declared.writeScope} may write "${name}".`,
      });
    }
  }
}
