// A Fastify service that decides sharing requests: POST /decide with a request as JSON. The policy is loaded
// once, at start, from the package (Node finds policy.wasm and data.json itself); each request is decided
// in-process, in microseconds. An invalid request is answered 400 with its problems, never decided.
import Fastify from 'fastify';
import { InvalidRequestError, loadSharingPolicy } from '@msefnhst/privacy-notice';

const policy = await loadSharingPolicy();
const app = Fastify({ bodyLimit: 64 * 1024 });

app.post('/decide', async (request, reply) => {
  try {
    return policy.decide(request.body);
  } catch (error) {
    if (error instanceof InvalidRequestError) return reply.code(400).send({ problems: error.problems });
    throw error;
  }
});

const address = await app.listen({ port: Number(process.env.PORT ?? 8080), host: '127.0.0.1' });
console.log(`listening on ${address}`);
