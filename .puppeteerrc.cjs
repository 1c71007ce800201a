// whatsapp-web.js pulls puppeteer; its own Chrome download cannot work here.
// We use Debian's Chromium instead (apt-get install chromium).
module.exports = {
  skipDownload: true,
  executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium',
};
