import { z } from 'zod';
import { secretString } from './secret-string.ts';
import { uniqueBy } from './unique.ts';

export const APNS_ENVIRONMENTS = ['production', 'development'] as const;
export type ApnsEnvironment = (typeof APNS_ENVIRONMENTS)[number];

/** The vendor push channels Tencent's console takes certificates for. */
export const ANDROID_PUSH_VENDORS = ['fcm', 'huawei', 'honor', 'xiaomi', 'oppo', 'vivo', 'meizu'] as const;
export type AndroidPushVendor = (typeof ANDROID_PUSH_VENDORS)[number];

export const MAX_APNS_CERTIFICATES = 10;
export const MAX_ANDROID_PUSH_CERTIFICATES = 20;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** An iOS bundle ID: reverse-DNS, letters, digits, hyphens and dots. */
const BUNDLE_ID = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;
/** Android's applicationId rule: two or more dot-separated segments, each starting with a letter. */
const JAVA_PACKAGE = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)+$/;

export const apnsCertificateSchema = z.strictObject({
  bundleId: z.string().max(155).regex(BUNDLE_ID, 'must be a reverse-DNS bundle ID such as com.example.app'),
  environment: z.enum(APNS_ENVIRONMENTS),
  certificate: secretString({
    required: true,
    maxLength: 65_536,
    format: { test: (value) => BASE64.test(value), message: 'must be the base64 of the .p12 file' },
  }),
  password: secretString({ required: false, maxLength: 128 }).default(''),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type ApnsCertificate = z.output<typeof apnsCertificateSchema>;

export const androidPushCertificateSchema = z.strictObject({
  vendor: z.enum(ANDROID_PUSH_VENDORS),
  packageName: z.string().max(255).regex(JAVA_PACKAGE, 'must be a Java package name such as com.example.app'),
  appId: z.string().min(1).max(128),
  appKey: secretString({ required: false, maxLength: 256 }).default(''),
  appSecret: secretString({ required: true, maxLength: 8192 }),
});
export type AndroidPushCertificate = z.output<typeof androidPushCertificateSchema>;

/** The identity of an APNs certificate: one per bundle and environment. */
export function apnsCertificateKey(certificate: Pick<ApnsCertificate, 'bundleId' | 'environment'>): string {
  return `${certificate.bundleId}/${certificate.environment}`;
}

/** The identity of an Android certificate: one per vendor and package. */
export function androidPushCertificateKey(
  certificate: Pick<AndroidPushCertificate, 'vendor' | 'packageName'>,
): string {
  return `${certificate.vendor}/${certificate.packageName}`;
}

export const offlinePushSchema = z.strictObject({
  apns: z
    .array(apnsCertificateSchema)
    .max(MAX_APNS_CERTIFICATES)
    .check(uniqueBy(apnsCertificateKey, 'bundleId', 'bundleId/environment'))
    .default(() => []),
  android: z
    .array(androidPushCertificateSchema)
    .max(MAX_ANDROID_PUSH_CERTIFICATES)
    .check(uniqueBy(androidPushCertificateKey, 'packageName', 'vendor/packageName'))
    .default(() => []),
});
