import { z } from 'zod';
import { mediaUrlSchema } from './media-url.ts';

/** Message elements in Tencent Chat's format (`MsgType` + `MsgContent`), so bodies pass through unchanged. */
export const textElemSchema = z.object({
  MsgType: z.literal('TIMTextElem'),
  MsgContent: z.object({ Text: z.string() }),
});
export const customElemSchema = z.object({
  MsgType: z.literal('TIMCustomElem'),
  MsgContent: z.object({
    Data: z.string(),
    Desc: z.string().optional(),
    Ext: z.string().optional(),
    Sound: z.string().optional(),
  }),
});
export const faceElemSchema = z.object({
  MsgType: z.literal('TIMFaceElem'),
  MsgContent: z.object({ Index: z.number().int(), Data: z.string().optional() }),
});
export const locationElemSchema = z.object({
  MsgType: z.literal('TIMLocationElem'),
  MsgContent: z.object({
    Desc: z.string(),
    Latitude: z.number().min(-90).max(90),
    Longitude: z.number().min(-180).max(180),
  }),
});
const imageInfoSchema = z.object({
  Type: z.number().int(),
  Size: z.number().int().nonnegative(),
  Width: z.number().int().nonnegative(),
  Height: z.number().int().nonnegative(),
  URL: mediaUrlSchema,
});
export const imageElemSchema = z.object({
  MsgType: z.literal('TIMImageElem'),
  MsgContent: z.object({
    UUID: z.string(),
    ImageFormat: z.number().int(),
    ImageInfoArray: z.array(imageInfoSchema).min(1).max(3),
  }),
});
export const soundElemSchema = z.object({
  MsgType: z.literal('TIMSoundElem'),
  MsgContent: z.object({
    Url: mediaUrlSchema,
    UUID: z.string().optional(),
    Size: z.number().int().nonnegative(),
    Second: z.number().int().nonnegative(),
    Download_Flag: z.number().int().optional(),
  }),
});
export const fileElemSchema = z.object({
  MsgType: z.literal('TIMFileElem'),
  MsgContent: z.object({
    Url: mediaUrlSchema,
    UUID: z.string().optional(),
    FileSize: z.number().int().nonnegative(),
    FileName: z.string(),
    Download_Flag: z.number().int().optional(),
  }),
});
export const videoFileElemSchema = z.object({
  MsgType: z.literal('TIMVideoFileElem'),
  MsgContent: z.object({
    VideoUrl: mediaUrlSchema,
    VideoUUID: z.string().optional(),
    VideoSize: z.number().int().nonnegative(),
    VideoSecond: z.number().int().nonnegative(),
    VideoFormat: z.string(),
    ThumbUrl: mediaUrlSchema,
    ThumbUUID: z.string().optional(),
    ThumbSize: z.number().int().nonnegative(),
    ThumbWidth: z.number().int().nonnegative(),
    ThumbHeight: z.number().int().nonnegative(),
    ThumbFormat: z.string(),
  }),
});

export const messageElementSchema = z.discriminatedUnion('MsgType', [
  textElemSchema,
  customElemSchema,
  faceElemSchema,
  locationElemSchema,
  imageElemSchema,
  soundElemSchema,
  fileElemSchema,
  videoFileElemSchema,
]);
export type MessageElement = z.infer<typeof messageElementSchema>;

export const messageBodySchema = z.array(messageElementSchema).min(1).max(20);

/** Tencent's limit on a message: body plus cloudCustomData, as UTF-8 JSON, at most 12 KB. */
export const MAX_MESSAGE_BYTES = 12 * 1024;
