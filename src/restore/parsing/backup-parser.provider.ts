import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { BackupParserPool } from './backup-parser';

/** The worker pool as a Nest provider: one per app, threads stopped on shutdown. */
@Injectable()
export class BackupParser extends BackupParserPool implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
