/**
 * A bare Fastify server with one hello route, started like the Duban server (its own process, plain
 * JavaScript), as the ceiling that GET /api/me is compared against.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.send?.({ url: `http://127.0.0.1:${port}` });
process.on('message', (message) => {
  if (message === 'stop') app.close().then(() => process.exit(0));
});
// The harness died without stopping us: do not linger.
process.on('disconnect', () => process.exit(0));
