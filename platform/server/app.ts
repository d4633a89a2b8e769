import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import mercurius from 'mercurius';

import { auditedRegistry } from '../audit/audited-storage';
import { RequestAudit } from '../audit/request-audit';
import type { PlatformServices, RequestContext } from '../graphql/context';
import { resolvers } from '../graphql/resolvers/index';
import { typeDefs } from '../graphql/schema/index';
import { authenticate } from './auth';
import { formatGraphqlErrors } from './errors';
import { guardMutations } from './guarded-mutations';
import {
  OPEN_SOURCE_RULES,
  assertAdminSource,
  rejectDisallowedSources,
  sourceAddressOf,
} from './source-rules';

// GraphQL requests carry up to 10,000 file specs with part lists; 64 MiB covers that.
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The resolver context of one authenticated request. */
function requestContext(services: PlatformServices, request: FastifyRequest): RequestContext {
  const user = request.user!;
  const sourceIp = sourceAddressOf(request);
  const rules = services.sourceRules ?? OPEN_SOURCE_RULES;
  const audit = new RequestAudit(services.auditLog ?? null, user.username, sourceIp);
  return {
    ...services,
    storage: auditedRegistry(services.storage, audit),
    user,
    log: request.log as RequestContext['log'],
    sourceIp,
    audit,
    assertAdminSource: (operation) => assertAdminSource(rules, sourceIp, operation),
  };
}

/**
 * Builds the HTTP server: `POST /graphql` behind API-key auth, and `GET /healthz`. With
 * `--allow-ip`, every route first rejects clients outside the list.
 */
export async function buildApp(services: PlatformServices): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: services.log as FastifyBaseLogger,
    bodyLimit: MAX_BODY_BYTES,
  });
  const allow = services.sourceRules?.allow ?? null;
  if (allow) app.addHook('onRequest', rejectDisallowedSources(allow, services.auditLog ?? null));

  app.get('/healthz', async () => ({ ok: true, version: services.version }));

  await app.register(async (scope) => {
    // onRequest runs before the body is parsed, so a request with a bad body or content type
    // is still authenticated first and the resolver context always has a user.
    scope.addHook('onRequest', authenticate(services.db, services.auditLog ?? null));
    await scope.register(mercurius, {
      schema: typeDefs,
      resolvers: guardMutations(resolvers) as never,
      path: '/graphql',
      graphiql: false,
      context: (request) => requestContext(services, request),
      errorFormatter: (execution, context) =>
        formatGraphqlErrors(
          execution,
          context.reply.log,
          (context as unknown as Partial<RequestContext>).audit,
        ),
    });
  });

  return app;
}
