import { describeTeam, describeTeamBucket, teamsOfUser } from '../../accounts/teams';
import type { Entity, User } from '../../db/tables';
import type { RequestContext } from '../context';
import { encodeId } from '../ids';
import { paginate, type PageArgs } from '../paging';
import { listProjects, projectByName } from './root';

async function entityOfUser(ctx: RequestContext, user: User): Promise<Entity> {
  return ctx.db
    .selectFrom('entities')
    .selectAll()
    .where('id', '=', user.entity_id)
    .executeTakeFirstOrThrow();
}

export const entityResolvers = {
  User: {
    id: (user: User) => encodeId('User', user.id),
    name: (user: User) => user.username,
    entity: (user: User) => user.username,
    admin: (user: User) => user.role === 'admin',
    flags: () => '{}',
    photoUrl: () => null,
    createdAt: (user: User) => user.created_at,
    defaultEntity: (user: User, _args: unknown, ctx: RequestContext) => entityOfUser(ctx, user),
    apiKeys: (user: User, args: PageArgs, ctx: RequestContext) =>
      paginate<{ id: number; prefix: string; description: string | null }>(
        args,
        (k) => k.id,
        (after, limit) => {
          let query = ctx.db
            .selectFrom('api_keys')
            .select(['id', 'prefix', 'description'])
            .where('user_id', '=', ctx.user.id)
            .where('revoked_at', 'is', null);
          // Only the viewer's own keys are listed, whoever's User object this is.
          if (user.id !== ctx.user.id) query = query.where('id', '<', 0);
          if (after !== null) query = query.where('id', '>', Number(after));
          return query.orderBy('id').limit(limit).execute();
        },
      ).then((connection) => ({
        ...connection,
        edges: connection.edges.map((e) => ({
          cursor: e.cursor,
          node: {
            id: encodeId('User', `key${e.node.id}`),
            name: e.node.prefix,
            description: e.node.description,
          },
        })),
      })),
    teams: (user: User, args: PageArgs, ctx: RequestContext) =>
      paginate<Entity>(
        args,
        (e) => e.name,
        async (after, limit) => {
          // Only the viewer's own teams are visible, whoever's User object this is.
          if (user.id !== ctx.user.id) return [];
          const teams = await teamsOfUser(ctx.db, user);
          return teams.filter((t) => after === null || t.name > String(after)).slice(0, limit);
        },
      ),
  },

  Entity: {
    id: (entity: Entity) => encodeId('Entity', entity.id),
    isTeam: (entity: Entity) => entity.kind === 'team',
    entityType: (entity: Entity) => (entity.kind === 'team' ? 'TEAM' : 'USER'),
    photoUrl: () => null,
    available: () => false,
    readOnly: () => false,
    storageBytes: async (entity: Entity, _args: unknown, ctx: RequestContext) => {
      const row = await ctx.db
        .selectFrom('content_objects')
        .select((eb) => eb.fn.sum<number>('size').as('total'))
        .where('entity_id', '=', entity.id)
        .executeTakeFirst();
      return Number(row?.total ?? 0);
    },
    defaultAccess: () => 'PRIVATE',
    createdAt: (entity: Entity) => entity.created_at,
    members: async (entity: Entity, _args: unknown, ctx: RequestContext) => {
      if (entity.kind === 'user') {
        const owner = await ctx.db
          .selectFrom('users')
          .selectAll()
          .where('entity_id', '=', entity.id)
          .executeTakeFirstOrThrow();
        return [
          {
            id: encodeId('User', owner.id),
            name: owner.username,
            username: owner.username,
            email: owner.email,
            admin: owner.role === 'admin',
            role: 'admin',
            accountType: 'USER',
          },
        ];
      }
      const summary = await describeTeam(ctx.db, entity);
      const users = await ctx.db
        .selectFrom('users')
        .selectAll()
        .where('username', 'in', summary.members.map((m) => m.username).concat(['']))
        .execute();
      return summary.members.map((m) => {
        const user = users.find((u) => u.username === m.username)!;
        return {
          id: encodeId('User', user.id),
          name: user.username,
          username: user.username,
          email: user.email,
          admin: m.role === 'admin',
          role: m.role,
          accountType: 'USER',
        };
      });
    },
    projects: (entity: Entity, args: PageArgs, ctx: RequestContext) =>
      listProjects(ctx, entity, args),
    project: (entity: Entity, args: { name?: string | null }, ctx: RequestContext) =>
      args.name ? projectByName(ctx, entity.id, args.name) : null,
    // Billing, registry and code-saving settings of W&B's cloud have no meaning here.
    readOnlyAdmin: () => false,
    privateOnly: () => false,
    codeSavingEnabled: () => false,
    isPaid: () => false,
    limits: () => '{}',
    xxhashDigestsEnabled: () => false,
    storageBucketInfo: async (entity: Entity, _args: unknown, ctx: RequestContext) => {
      const bucket = await describeTeamBucket(ctx.db, entity);
      if (bucket) {
        return {
          provider: bucket.provider,
          name: bucket.name,
          path: bucket.path,
          level: 'TEAM',
          kmsKeyID: bucket.kmsKeyId,
          azureTenantID: bucket.azureTenantId,
          azureClientID: bucket.azureClientId,
        };
      }

      const provider = ctx.storage.instanceProvider;
      if (!provider) return null;
      return {
        provider: provider.kind,
        name: provider.bucket,
        path: entity.storage_path,
        level: 'INSTANCE',
        kmsKeyID: null,
        azureTenantID: null,
        azureClientID: null,
      };
    },
  },
  Member: {
    pending: () => false,
  },
};
