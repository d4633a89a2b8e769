import type { GraphQLResolveInfo } from 'graphql';

import { PlatformError } from '../core/errors';
import type { RequestContext } from '../graphql/context';

// Mutations that change teams and keys, checked and audited here rather than in each
// resolver, so a new resolver for one of them cannot skip the --admin-allow-ip check or
// the audit line. A name with no resolver in the schema is ignored.

interface GuardedMutation {
  /** Audit action for the change. */
  action: string;
  /** True when only an organisation admin may call it: such calls get the --admin-allow-ip check. */
  admin: boolean;
}

export const GUARDED_MUTATIONS: Readonly<Record<string, GuardedMutation>> = {
  createTeam: { action: 'team.create', admin: true },
};

type Resolver = (
  root: unknown,
  args: Record<string, unknown>,
  ctx: RequestContext,
  info: GraphQLResolveInfo,
) => unknown;

/** The team a mutation names, from the usual argument names inside `input` or at top level. */
function teamNamed(args: Record<string, unknown>): string | null {
  const input = (args.input ?? {}) as Record<string, unknown>;
  for (const source of [input, args]) {
    for (const key of ['teamName', 'entityName', 'entity', 'name']) {
      if (typeof source[key] === 'string') return source[key];
    }
  }
  return null;
}

/** The `errors` list of a payload that reports failures as data, such as CreateTeamPayload. */
function payloadErrors(result: unknown): unknown[] {
  const errors = (result as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? errors : [];
}

function guard(name: string, rule: GuardedMutation, resolve: Resolver): Resolver {
  return async (root, args, ctx, info) => {
    const team = teamNamed(args);
    // A FORBIDDEN error from here or from the resolver is recorded as a denial where
    // GraphQL errors are formatted, so only other outcomes are recorded here.
    if (rule.admin) ctx.assertAdminSource(name);
    try {
      const result = await resolve(root, args, ctx, info);
      const problems = payloadErrors(result);
      ctx.audit.record(
        problems.length === 0
          ? { action: rule.action, team, result: 'allowed', detail: { via: name } }
          : {
              action: rule.action,
              team,
              result: 'failed',
              detail: { via: name, errors: problems },
            },
      );
      return result;
    } catch (error) {
      if (!(error instanceof PlatformError && error.code === 'FORBIDDEN')) {
        ctx.audit.record({
          action: rule.action,
          team,
          result: 'failed',
          detail: { via: name, error: error instanceof Error ? error.message : String(error) },
        });
      }
      throw error;
    }
  };
}

/** Returns the resolver map with every mutation of GUARDED_MUTATIONS wrapped. */
export function guardMutations<T extends { Mutation?: object }>(resolvers: T): T {
  if (!resolvers.Mutation) return resolvers;
  const mutations = Object.fromEntries(
    Object.entries(resolvers.Mutation as Record<string, Resolver>).map(([name, resolve]) => {
      const rule = GUARDED_MUTATIONS[name];
      return [name, rule ? guard(name, rule, resolve) : resolve];
    }),
  );
  return { ...resolvers, Mutation: mutations };
}
