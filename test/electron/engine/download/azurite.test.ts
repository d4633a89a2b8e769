import { startEngineEnv } from '../upload/fixture';
import { downloadSuite } from './basic-suite';

downloadSuite('DownloadEngine on Azurite', () => startEngineEnv());
