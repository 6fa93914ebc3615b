import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { STRATA_CONFIG, type StrataConfig } from '../config/config';
import { AuthGuard } from './auth.guard';
import { AuthThrottle } from './auth-throttle';
import { UserQueries } from './user-queries';
import { UsersService } from './users/users.service';
import { UsersHttpController } from './users/users.http.controller';

/** Users, bearer tokens and roles; the guard protects every route not marked @Public(). */
@Module({
  controllers: [UsersHttpController],
  providers: [UserQueries, UsersService, AuthThrottle, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [UserQueries],
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(
    private readonly users: UsersService,
    @Inject(STRATA_CONFIG) private readonly config: StrataConfig,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.users.bootstrap(this.config.adminToken);
  }
}
