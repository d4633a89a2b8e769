import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import mercurius from 'mercurius';

import type { PlatformServices } from '../graphql/context';
import { resolvers } from '../graphql/resolvers/index';
import { typeDefs } from '../graphql/schema/index';
import { authenticate } from './auth';
import { formatGraphqlErrors } from './errors';

// GraphQL requests carry up to 10,000 file specs with part lists; 64 MiB covers that.
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Builds the HTTP server: `POST /graphql` behind API-key auth, and `GET /healthz`. */
export async function buildApp(services: PlatformServices): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: services.log as FastifyBaseLogger,
    bodyLimit: MAX_BODY_BYTES,
  });

  app.get('/healthz', async () => ({ ok: true, version: services.version }));

  await app.register(async (scope) => {
    scope.addHook('preHandler', authenticate(services.db));
    await scope.register(mercurius, {
      schema: typeDefs,
      resolvers: resolvers as never,
      path: '/graphql',
      graphiql: false,
      context: (request) => ({ ...services, user: request.user!, log: request.log }),
      errorFormatter: (execution, context) => formatGraphqlErrors(execution, context.reply.log),
    });
  });

  return app;
}
