import { ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from '../core/command-meta';
import type { Role } from './domain/user.events';

export const PUBLIC_ROUTE = 'strata:public';
export const REQUIRED_ROLE = 'strata:role';

/** The route needs no token (health, docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The route needs this role. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

export interface AuthenticatedRequest extends Request {
  actor: Actor;
  correlationId: string;
}

/** The authenticated user of the request. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor);
