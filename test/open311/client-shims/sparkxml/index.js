'use strict';
// The stock client (npm "open311") parses XML with this git-only package; our checks run it in
// JSON mode, so reaching this means a check asked for XML by mistake.
module.exports = {
  parseXml() {
    throw new Error('sparkxml stand-in: run the stock Open311 client with format "json"');
  },
};
