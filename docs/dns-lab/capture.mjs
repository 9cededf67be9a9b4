// node capture.mjs server name type: one query as our resolver sends it (RD, EDNS 1232), the raw reply as hex.
import { createSocket } from 'node:dgram';
import { createRequire } from 'node:module';
const require = createRequire(`${process.env.REPO}/package.json`);
const dnsPacket = require('dns-packet');
const [server, name, type] = process.argv.slice(2);
const id = 0x4b57;
const query = dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: 'IN' }],
  additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] });
const s = createSocket('udp4');
s.on('message', (m) => { console.log(m.toString('hex')); s.close(); });
s.send(query, 53, server);
setTimeout(() => { console.log('TIMEOUT'); process.exit(1); }, 5000).unref();
