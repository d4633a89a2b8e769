import { fileResolvers } from '../files';
import { artifactCollectionResolvers } from './artifact-collections';
import { artifactMutationResolvers } from './artifact-mutations';
import { artifactResolvers } from './artifacts';
import { entityResolvers } from './entities';
import { extensionResolvers } from './extensions';
import { projectResolvers } from './projects';
import { rootResolvers } from './root';
import { runMutationResolvers } from './run-mutations';
import { runResolvers } from './runs';
import { scalarResolvers } from './scalars';
import { teamResolvers } from './teams';

export const resolvers = {
  ...scalarResolvers,
  ...rootResolvers,
  Mutation: {
    ...runMutationResolvers.Mutation,
    ...artifactMutationResolvers.Mutation,
    ...teamResolvers.Mutation,
    ...extensionResolvers.Mutation,
  },
  ServerInfo: extensionResolvers.ServerInfo,
  ...entityResolvers,
  ...projectResolvers,
  ...runResolvers,
  ...artifactCollectionResolvers,
  ...artifactResolvers,
  ...fileResolvers,
};
