// A name server that answers late (forwards to the lab's named after a delay) or never.
// usage: node lab-proxy.mjs <listen-ip> <delay-ms|never>
import { createSocket } from 'node:dgram';
const [ip, delay] = process.argv.slice(2);
const server = createSocket('udp4');
server.on('message', (msg, peer) => {
  if (delay === 'never') return;
  setTimeout(() => {
    const up = createSocket('udp4');
    up.on('message', (reply) => { server.send(reply, peer.port, peer.address); up.close(); });
    up.send(msg, 53, '127.0.0.2');
    setTimeout(() => { try { up.close(); } catch {} }, 5000);
  }, Number(delay));
});
server.bind(53, ip, () => console.log(`listening ${ip}:53 delay ${delay}`));
