import { z } from 'zod';
import { mediaUrlSchema } from './media-url.ts';

/**
 * Message elements in Tencent Chat's format (`MsgType` + `MsgContent`, Tencent's "Message Formats" page). Each
 * schema checks the fields Parley relies on and admits every other field (`looseObject`): Tencent's
 * `VideoDownloadFlag`, an SDK's extras, fields Tencent adds later. These schemas only validate; the body a
 * client sent is kept as it came (`message-body.ts`).
 */
export const textElemSchema = z.looseObject({
  MsgType: z.literal('TIMTextElem'),
  MsgContent: z.looseObject({ Text: z.string() }),
});
export const customElemSchema = z.looseObject({
  MsgType: z.literal('TIMCustomElem'),
  MsgContent: z.looseObject({
    Data: z.string(),
    Desc: z.string().optional(),
    Ext: z.string().optional(),
    Sound: z.string().optional(),
  }),
});
export const faceElemSchema = z.looseObject({
  MsgType: z.literal('TIMFaceElem'),
  MsgContent: z.looseObject({ Index: z.number().int(), Data: z.string().optional() }),
});
export const locationElemSchema = z.looseObject({
  MsgType: z.literal('TIMLocationElem'),
  MsgContent: z.looseObject({
    Desc: z.string(),
    Latitude: z.number().min(-90).max(90),
    Longitude: z.number().min(-180).max(180),
  }),
});
const imageInfoSchema = z.looseObject({
  Type: z.number().int(),
  Size: z.number().int().nonnegative(),
  Width: z.number().int().nonnegative(),
  Height: z.number().int().nonnegative(),
  URL: mediaUrlSchema,
});
export const imageElemSchema = z.looseObject({
  MsgType: z.literal('TIMImageElem'),
  MsgContent: z.looseObject({
    UUID: z.string(),
    ImageFormat: z.number().int(),
    ImageInfoArray: z.array(imageInfoSchema).min(1).max(3),
  }),
});
export const soundElemSchema = z.looseObject({
  MsgType: z.literal('TIMSoundElem'),
  MsgContent: z.looseObject({
    Url: mediaUrlSchema,
    UUID: z.string().optional(),
    Size: z.number().int().nonnegative(),
    Second: z.number().int().nonnegative(),
    Download_Flag: z.number().int().optional(),
  }),
});
export const fileElemSchema = z.looseObject({
  MsgType: z.literal('TIMFileElem'),
  MsgContent: z.looseObject({
    Url: mediaUrlSchema,
    UUID: z.string().optional(),
    FileSize: z.number().int().nonnegative(),
    FileName: z.string(),
    Download_Flag: z.number().int().optional(),
  }),
});
export const videoFileElemSchema = z.looseObject({
  MsgType: z.literal('TIMVideoFileElem'),
  MsgContent: z.looseObject({
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
    VideoDownloadFlag: z.number().int().optional(),
    ThumbDownloadFlag: z.number().int().optional(),
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

/** Tencent's limit on a message: body plus cloudCustomData, as UTF-8 JSON, at most 12 KB. */
export const MAX_MESSAGE_BYTES = 12 * 1024;
