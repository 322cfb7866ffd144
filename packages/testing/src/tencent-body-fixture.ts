import type { MessageElement } from '@parley/protocol';

const cdn = 'https://cos.ap-shanghai.myqcloud.com/1400000000';

/**
 * A body with every element type in Tencent's full shape ("Message Formats": `Download_Flag`,
 * `VideoDownloadFlag`, `ThumbDownloadFlag`, all three `ImageInfoArray` sizes), plus fields no schema knows (on
 * elements, contents and image entries, nested, non-ASCII) and keys out of the schemas' order. Parley must keep
 * all of it byte for byte: compare `JSON.stringify` of what comes back with `JSON.stringify` of this.
 */
export function tencentBodyWithExtras(): MessageElement[] {
  return [
    { MsgType: 'TIMTextElem', MsgContent: { Text: 'héllo 👋', TextHint: 'future field' } },
    { MsgContent: { Desc: 'Shenzhen', Latitude: 22.54, Longitude: 114.06 }, MsgType: 'TIMLocationElem' },
    { MsgType: 'TIMFaceElem', MsgContent: { Data: 'smile', Index: 3, FaceGroup: { Id: 7, Name: '表情' } } },
    {
      MsgType: 'TIMCustomElem',
      MsgContent: { Sound: 'dingdong.aiff', Ext: 'e', Desc: 'd', Data: '{"x":1}' },
      CloudCustomFlag: true,
    },
    {
      MsgType: 'TIMSoundElem',
      MsgContent: { Download_Flag: 2, UUID: 's1', Url: `${cdn}/a.m4a`, Second: 3, Size: 99 },
    },
    {
      MsgType: 'TIMImageElem',
      MsgContent: {
        UUID: '1853095_D61040894AC3DE44CDFFFB3EC7EB720F',
        ImageFormat: 1,
        ImageInfoArray: [
          { Type: 1, Size: 1853095, Width: 2448, Height: 3264, URL: `${cdn}/o.jpg`, Tag: 'origin' },
          { Height: 1440, Width: 1080, Size: 308897, Type: 2, URL: `${cdn}/l.jpg` },
          {
            Type: 3,
            Size: 15653,
            Width: 120,
            Height: 160,
            URL: `${cdn}/t.jpg`,
            Extra: [1, null, { deep: [] }],
          },
        ],
      },
    },
    {
      MsgType: 'TIMFileElem',
      MsgContent: {
        Url: `${cdn}/f.pdf`,
        UUID: 'f1',
        FileSize: 1773552,
        FileName: 'file:a.pdf',
        Download_Flag: 2,
      },
    },
    {
      MsgType: 'TIMVideoFileElem',
      MsgContent: {
        VideoUrl: `${cdn}/v.mp4`,
        VideoUUID: 'v1',
        VideoSize: 1194603,
        VideoSecond: 5,
        VideoFormat: 'mp4',
        VideoDownloadFlag: 2,
        ThumbUrl: `${cdn}/v.jpg`,
        ThumbUUID: 'vt1',
        ThumbSize: 13907,
        ThumbWidth: 720,
        ThumbHeight: 1280,
        ThumbFormat: 'JPG',
        ThumbDownloadFlag: 2,
      },
    },
  ];
}
