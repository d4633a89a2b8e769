import { artifactMutationTypeDefs } from './artifact-mutations';
import { artifactTypeDefs } from './artifacts';
import { baseTypeDefs } from './base';
import { entityTypeDefs } from './entities';
import { extensionTypeDefs } from './extensions';
import { runTypeDefs } from './runs';
import { teamTypeDefs } from './teams';

export const typeDefs = [
  baseTypeDefs,
  entityTypeDefs,
  runTypeDefs,
  artifactTypeDefs,
  artifactMutationTypeDefs,
  teamTypeDefs,
  extensionTypeDefs,
].join('\n');
