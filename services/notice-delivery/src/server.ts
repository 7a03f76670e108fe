/** Process entry point: the only file that reads the environment and listens. */
import { join } from 'node:path';
import { runService } from '@nenkin/platform/service';
import { buildApp, SERVICE_NAME } from './app';
import { Config } from './config';

void runService({ name: SERVICE_NAME, configSchema: Config, migrationsDir: join(__dirname, '..', 'migrations'), buildApp });
