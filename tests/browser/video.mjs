// Plays the first <video> of a page of the USB bundle from file://, as a
// participant does: the video must play (its currentTime advances) and its
// caption tracks load, the page's language showing.
//
//   node video.mjs <bundle-dir> <page>      e.g. output/usb en/agenda/index.html
//
// Prints a JSON summary on stdout:
//   {"played": seconds, "tracks": [{"lang", "mode", "cues"}], "error": null}
// Exits 1 on a console error, a page error or a request leaving the bundle.

import { bundleDir, fileUrl, launch, report, usage } from './lib.mjs';

const [dirArg, rel] = process.argv.slice(2);
if (process.argv.length !== 4) {
  usage('node video.mjs <bundle-dir> <page>');
}
const dir = bundleDir(dirArg);
const browser = await launch(dir);
const { page, problems } = browser;
let summary = {};
try {
  await page.goto(fileUrl(dir, rel), { waitUntil: 'load' });
  summary = await page.evaluate(async () => {
    const video = document.querySelector('video');
    if (!video) {
      return { error: 'no <video> on the page' };
    }
    video.muted = true;
    const waitFor = (test, ms) =>
      new Promise((resolve) => {
        const started = performance.now();
        const tick = () => {
          if (test() || performance.now() - started > ms) {
            resolve();
          } else {
            setTimeout(tick, 50);
          }
        };
        tick();
      });
    let error = null;
    try {
      await video.play();
    } catch (e) {
      error = String(e);
    }
    await waitFor(() => video.currentTime > 0.5 || video.error, 15000);
    const tracks = [...video.textTracks];
    // Load every track's cues (a hidden track loads without showing).
    tracks.forEach((t) => {
      if (t.mode === 'disabled') {
        t.mode = 'hidden';
      }
    });
    await waitFor(() => tracks.every((t) => t.cues && t.cues.length > 0), 5000);
    return {
      played: video.currentTime,
      error: error || (video.error ? `media error ${video.error.code}` : null),
      tracks: [...video.querySelectorAll('track')].map((el) => ({
        lang: el.srclang,
        default: el.default,
        cues: el.track.cues ? el.track.cues.length : 0,
        first: el.track.cues && el.track.cues.length ? el.track.cues[0].text : null,
      })),
    };
  });
} finally {
  await browser.close();
}
console.log(JSON.stringify(summary));
report('video', problems);
