// A free TCP port on 127.0.0.1 for one runtime (host networking: the container binds it directly).
import net from 'node:net';

/** Ports handed out recently by this process: the kernel may offer a just-closed port again at once. */
const recent: number[] = [];

export async function allocatePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort();
    if (!recent.includes(port)) {
      recent.push(port);
      if (recent.length > 256) recent.shift();
      return port;
    }
  }
  return freePort();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
