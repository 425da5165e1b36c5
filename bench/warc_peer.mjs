// The peer for reading a web archive: warcio (npm) reads every record of
// the archive and its payload, nothing else. Prints the record count.
// Usage: node warc_peer.mjs NODE_MODULES_DIR FILE.warc.gz
import { createReadStream } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const [modules, file] = process.argv.slice(2);
const { WARCParser } = createRequire(resolve(modules) + "/")("warcio");
let n = 0;
for await (const record of new WARCParser(createReadStream(file))) {
  await record.readFully(true);
  n++;
}
console.log(n);
