import { All, Controller, Module, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError } from '../errors';
import { NoBodyParsing } from './json-body';

/**
 * Any /api path no other controller answers. Being a route, it goes through the auth guard: an
 * anonymous client gets 401 and learns nothing of which routes exist; an authenticated one gets
 * 404 (issue 18). Its module is imported last, so its routes are registered after all others.
 */
@ApiExcludeController()
@Controller()
export class UnknownApiRouteHttpController {
  @All(['api', 'api/*path'])
  @NoBodyParsing()
  unknown(@Req() req: Request): never {
    throw new DomainError('NOT_FOUND', `Cannot ${req.method} ${req.path}`);
  }
}

@Module({ controllers: [UnknownApiRouteHttpController] })
export class UnknownApiRouteModule {}
