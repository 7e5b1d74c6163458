import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MB } from '../../../src/protocol/mediaLimits';
import { percent, refusalFor } from '../../../webview/model/attachmentDraft';
import type { WebviewStrings } from '../../../src/protocol/strings';

// The English strings the host ships (src/views/strings.ts) for the keys the refusal uses.
const englishStrings = {
  attachNotAccepted: 'X does not take this kind of file in a message. Attach a JPG, PNG or WEBP image, a GIF or an MP4 video.',
  attachTooLarge: 'This file is {0}; X takes {1} up to {2}. Nothing was uploaded.',
  attachEmpty: 'This file is empty.',
  mediaImages: 'images',
  mediaGifs: 'GIFs',
  mediaVideos: 'videos',
  attachUsePicker: 'Files over {0} are attached with the paperclip button.',
} as WebviewStrings;

test('the composer refuses with the limit that applies, before any bytes leave the webview', () => {
  const s = englishStrings;
  assert.equal(refusalFor({ type: 'image/png', size: 6 * MB }, s), 'This file is 6 MB; X takes images up to 5 MB. Nothing was uploaded.');
  assert.equal(refusalFor({ type: 'image/gif', size: 15.5 * MB }, s), 'This file is 15.5 MB; X takes GIFs up to 15 MB. Nothing was uploaded.');
  assert.equal(refusalFor({ type: 'video/mp4', size: 600 * MB }, s), 'This file is 600 MB; X takes videos up to 512 MB. Nothing was uploaded.');
  assert.equal(refusalFor({ type: 'image/svg+xml', size: 100 }, s), s.attachNotAccepted);
  assert.equal(refusalFor({ type: '', size: 100 }, s), s.attachNotAccepted);
  assert.equal(refusalFor({ type: 'image/png', size: 0 }, s), s.attachEmpty);
  assert.equal(refusalFor({ type: 'video/mp4', size: 40 * MB }, s), 'Files over 15 MB are attached with the paperclip button.');
  assert.equal(refusalFor({ type: 'image/png', size: 5 * MB }, s), undefined);
  assert.equal(refusalFor({ type: 'video/mp4', size: 15 * MB }, s), undefined);
});

test('upload progress in whole percent, never past 100', () => {
  const draft = { phase: 'uploading' as const, name: 'a.png', altText: '', sentBytes: 1, totalBytes: 3 };
  assert.equal(percent(draft), 33);
  assert.equal(percent({ ...draft, sentBytes: 5 }), 100);
  assert.equal(percent({ ...draft, totalBytes: 0 }), 0);
});
