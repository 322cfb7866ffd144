import { z } from 'zod';

/**
 * Tencent Chat's multi-client login policies (console: Login Settings). Platforms are Android, iPhone, iPad,
 * Windows, macOS and web:
 * - single-platform: the user is online on one of them only;
 * - dual-platform: one of Android/iPhone/iPad/Windows/macOS, plus web;
 * - triple-platform: one of Android/iPhone/iPad, plus one of Windows/macOS, plus web;
 * - multi-platform: all of them at once.
 */
export const MULTI_LOGIN_POLICIES = [
  'single-platform',
  'dual-platform',
  'triple-platform',
  'multi-platform',
] as const;
export type MultiLoginPolicy = (typeof MULTI_LOGIN_POLICIES)[number];

export const multiLoginSchema = z
  .strictObject({
    // Tencent: "By default, the Chat SDK does not allow multi-device login ... it forces the previous online
    // device to go offline" (Online Status Management).
    policy: z.enum(MULTI_LOGIN_POLICIES).default('single-platform'),
    nativeInstancesPerPlatform: z.number().int().min(1).max(3).default(1),
    webInstances: z.number().int().min(1).max(10).default(1),
  })
  .superRefine((multiLogin, ctx) => {
    // Tencent offers several devices per native platform only together with multi-platform login.
    if (multiLogin.nativeInstancesPerPlatform > 1 && multiLogin.policy !== 'multi-platform') {
      ctx.addIssue({
        code: 'custom',
        path: ['nativeInstancesPerPlatform'],
        message: 'may exceed 1 only when multiLogin.policy is "multi-platform"',
      });
    }
  });
