import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { CurrentActor, RequireRole, type AuthenticatedRequest } from '../auth.decorators';
import type { Actor } from '../../core/command-meta';
import { ROLES, type Role } from '../domain/user.events';
import { UsersService } from './users.service';
import { UserQueries } from '../user-queries';
import { notFound } from '../../common/errors';
import { PageRequest } from '../../common/http/page.request.dto';
import { MAX_PAGE } from '../../common/pagination';

export class CreateUserRequest {
  @ApiProperty({ example: 'alice' })
  @IsString()
  @Length(1, 100)
  @Matches(/^[^\u0000-\u001f\u007f]+$/, { message: 'name must not contain control characters' })
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;
}

export class UserResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
}

export class CreatedUserResponse extends UserResponse {
  @ApiProperty({ description: 'shown only in this response; stored only as a hash' }) token: string;
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UsersHttpController {
  constructor(
    private readonly users: UsersService,
    private readonly queries: UserQueries,
  ) {}

  @Post()
  @RequireRole('admin')
  @ApiCreatedResponse({ type: CreatedUserResponse })
  create(@Body() body: CreateUserRequest, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return this.users.create(body.name, body.role, actor, req.correlationId);
  }

  @Get()
  @RequireRole('admin')
  @ApiOkResponse({ type: [UserResponse] })
  list(@Query() page: PageRequest) {
    const { items, nextCursor } = this.queries.list(page.limit ?? MAX_PAGE, page.cursor);
    return { items: items.map(({ id, name, role }) => ({ id, name, role })), nextCursor };
  }

  @Get('me')
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentActor() actor: Actor) {
    return { id: actor.userId, name: actor.userName, role: actor.role };
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(204)
  async delete(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    if (!this.queries.byId(id)) throw notFound('user');
    await this.users.delete(id, actor, req.correlationId);
  }
}
