import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/errors';
import { AuthenticatedRequest, PUBLIC_ROUTE, REQUIRED_ROLE } from './auth.decorators';
import { AuthThrottle, clientAddress } from './auth-throttle';
import { UserQueries } from './user-queries';
import type { Role } from './domain/user.events';
import { hashToken } from './tokens';

/**
 * Every /api route needs a bearer token unless marked @Public(); @RequireRole adds a role check.
 * Guards run before any body is read (the JSON body parser runs after them, uploads stream in
 * their handlers), so an unauthenticated client gets 401 whatever it sends. A request that
 * presents a token that is not valid counts as a failure for its address (AuthThrottle); one
 * with no Authorization header at all is no guess and does not count.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(UserQueries) private readonly users: UserQueries,
    @Inject(AuthThrottle) private readonly throttle: AuthThrottle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const address = clientAddress(request);
    const refused = await this.throttle.refusedFor(address);
    if (refused > 0) throw tooManyFailures(refused);
    const header = request.headers.authorization;
    if (header === undefined) throw new DomainError('UNAUTHENTICATED', 'an Authorization: Bearer <token> header is required');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const user = match ? this.users.byTokenHash(hashToken(match[1])) : undefined;
    if (!user) {
      const refusedNow = await this.throttle.failed(address);
      if (refusedNow > 0) throw tooManyFailures(refusedNow);
      throw new DomainError('UNAUTHENTICATED', match ? 'the token is not valid' : 'an Authorization: Bearer <token> header is required');
    }
    request.actor = { userId: user.id, userName: user.name, role: user.role };
    const role = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets);
    if (role === 'admin' && user.role !== 'admin') throw new DomainError('FORBIDDEN', 'this needs the admin role');
    return true;
  }
}

function tooManyFailures(retryAfter: number): DomainError {
  return new DomainError('TOO_MANY_REQUESTS', `too many failed authentications from this address; try again in ${retryAfter} s`, { retryAfter });
}
