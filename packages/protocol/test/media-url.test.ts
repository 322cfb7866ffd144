import { describe, expect, it } from 'vitest';
import { fieldsFromIssues, messageBodySchema } from '../src/index.ts';

const url = (value: string) => value;
const image = (URL: string) => ({
  MsgType: 'TIMImageElem',
  MsgContent: { UUID: 'i', ImageFormat: 1, ImageInfoArray: [{ Type: 1, Size: 1, Width: 1, Height: 1, URL }] },
});
const sound = (Url: string) => ({ MsgType: 'TIMSoundElem', MsgContent: { Url, Size: 1, Second: 1 } });
const file = (Url: string) => ({ MsgType: 'TIMFileElem', MsgContent: { Url, FileSize: 1, FileName: 'f' } });
const video = (VideoUrl: string, ThumbUrl: string) => ({
  MsgType: 'TIMVideoFileElem',
  MsgContent: {
    VideoUrl,
    VideoSize: 1,
    VideoSecond: 1,
    VideoFormat: 'mp4',
    ThumbUrl,
    ThumbSize: 1,
    ThumbWidth: 1,
    ThumbHeight: 1,
    ThumbFormat: 'jpg',
  },
});

const REFUSED = [
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'file:///etc/passwd',
  'vbscript:msgbox(1)',
  'ftp://cdn.example.com/a.jpg',
  'blob:https://cdn.example.com/1',
  'http://',
];

describe('media URLs in message elements', () => {
  it.each(REFUSED)('refuses %s in every URL field, naming the field', (bad) => {
    const parsed = messageBodySchema.safeParse([
      image(bad),
      sound(bad),
      file(bad),
      video(bad, url('https://cdn.example.com/t.jpg')),
      video(url('https://cdn.example.com/v.mp4'), bad),
    ]);
    expect(parsed.success).toBe(false);
    expect(fieldsFromIssues(parsed.error?.issues ?? []).map((f) => f.path)).toEqual([
      '0.MsgContent.ImageInfoArray.0.URL',
      '1.MsgContent.Url',
      '2.MsgContent.Url',
      '3.MsgContent.VideoUrl',
      '4.MsgContent.ThumbUrl',
    ]);
  });

  it('accepts https and http URLs', () => {
    const parsed = messageBodySchema.safeParse([
      image('https://cdn.example.com/a.jpg'),
      sound('http://cdn.example.com/a.m4a'),
      video('https://cdn.example.com/v.mp4', 'HTTPS://CDN.EXAMPLE.COM/t.jpg'),
    ]);
    expect(parsed.success).toBe(true);
  });
});
