import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/errors';
import { AuthenticatedRequest, PUBLIC_ROUTE, REQUIRED_ROLE } from './auth.decorators';
import { UserQueries } from './user-queries';
import type { Role } from './domain/user.events';
import { hashToken } from './tokens';

/** Every /api route needs a bearer token unless marked @Public(); @RequireRole adds a role check. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(UserQueries) private readonly users: UserQueries,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new DomainError('UNAUTHENTICATED', 'an Authorization: Bearer <token> header is required');
    const user = this.users.byTokenHash(hashToken(match[1]));
    if (!user) throw new DomainError('UNAUTHENTICATED', 'the token is not valid');
    request.actor = { userId: user.id, userName: user.name, role: user.role };
    const role = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets);
    if (role === 'admin' && user.role !== 'admin') throw new DomainError('FORBIDDEN', 'this needs the admin role');
    return true;
  }
}
