import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { StrataConfig } from './config/config';
import { CoreModule } from './core/core.module';
import { AuthModule } from './auth/auth.module';
import { RepositoryModule } from './repository/repository.module';
import { BackupModule } from './backup/backup.module';
import { RestoreModule } from './restore/restore.module';
import { AuditModule } from './audit/audit.module';
import { ProblemFilter } from './common/problem.filter';
import { UnknownApiRouteModule } from './common/http/unknown-route.http.controller';

@Module({})
export class AppModule {
  static forRoot(config: StrataConfig): DynamicModule {
    return {
      module: AppModule,
      // UnknownApiRouteModule last: its catch-all routes must come after every other route.
      imports: [CoreModule.forRoot(config), AuthModule, RepositoryModule, BackupModule, RestoreModule, AuditModule, UnknownApiRouteModule],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
