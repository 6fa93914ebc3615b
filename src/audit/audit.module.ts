import { Module } from '@nestjs/common';
import { ChangesHttpController } from './changes.http.controller';

/** What changed between two moments (SPEC §7); the moments themselves are read by every feature (moment.ts). */
@Module({ controllers: [ChangesHttpController] })
export class AuditModule {}
