// State shared by the steps of one running transfer: the clients, the journal, the limits,
// the abort signal and the progress counters.

import type { CommonContext } from '../transfer/engine-base';
import type { ResolvedUploadOptions } from './options';

export interface TransferContext extends CommonContext {
  options: ResolvedUploadOptions;
}
