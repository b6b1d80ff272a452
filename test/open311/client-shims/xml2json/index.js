'use strict';
// Used by the stock client only for XML answers to POST; our checks run it in JSON mode.
module.exports = {
  toJson() {
    throw new Error('xml2json stand-in: run the stock Open311 client with format "json"');
  },
};
